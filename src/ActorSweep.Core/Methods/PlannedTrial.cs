using ActorSweep.Core.Study;

namespace ActorSweep.Core.Methods;

/// <summary>A trial whose plan and task ids are known: what a cross-trial reference resolves to.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Nodes">Its plan.</param>
/// <param name="TaskIds">The id of each node of <paramref name="Nodes"/>.</param>
public sealed record PlannedTrial(TrialSpec Trial, IReadOnlyList<PlanNode> Nodes, IReadOnlyList<string> TaskIds)
{
    /// <summary>The index of the node at <paramref name="round"/> on <paramref name="branch"/>, or −1.</summary>
    public int IndexOf(int round, string branch)
    {
        for (var i = 0; i < Nodes.Count; i++)
            if (Nodes[i].Round == round && Nodes[i].Branch == branch) return i;
        return -1;
    }

    /// <summary>An edge to node <paramref name="index"/> of this trial.</summary>
    public PlanEdge Edge(int index) =>
        index >= 0 && index < Nodes.Count ? new PlanEdge(index, Trial.TrialId) : throw new ArgumentOutOfRangeException(nameof(index), index, $"trial {Trial.TrialId} has {Nodes.Count} planned tasks");
}
