namespace ActorSweep.Core.Methods;

/// <summary>
/// One task as a method plans it, before ids exist: its round, its branch, and its parents in order —
/// earlier nodes of the same plan, or nodes of other trials of the study (<see cref="PlanEdge"/>). The
/// task starts once every parent has completed, and its id derives from the ordered parent ids.
/// </summary>
/// <param name="Round">0 = dense; k = k-th pruning round (or the method's own step number).</param>
/// <param name="Branch">Branch name (<see cref="Tasks.Branches"/>).</param>
/// <param name="Parents">The tasks this one starts from, in the order its trainer reads them.</param>
public sealed record PlanNode(int Round, string Branch, IReadOnlyList<PlanEdge> Parents)
{
    /// <summary>A node without parents.</summary>
    public static PlanNode Start(int round, string branch) => new(round, branch, Array.Empty<PlanEdge>());

    /// <summary>A node with one parent: node <paramref name="parentIndex"/> of the same plan.</summary>
    public static PlanNode After(int parentIndex, int round, string branch) => new(round, branch, new[] { PlanEdge.Local(parentIndex) });
}
