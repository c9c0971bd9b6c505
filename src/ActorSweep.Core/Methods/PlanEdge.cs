namespace ActorSweep.Core.Methods;

/// <summary>
/// A parent of a planned task: node <paramref name="Index"/> of the same plan when <paramref name="TrialId"/>
/// is null, else node <paramref name="Index"/> of the trial with that id (a cross-trial edge, obtained from
/// <see cref="PlannedTrial.Edge"/>).
/// </summary>
public sealed record PlanEdge(int Index, string? TrialId = null)
{
    /// <summary>An earlier node of the same plan.</summary>
    public static PlanEdge Local(int index) => new(index);
}
