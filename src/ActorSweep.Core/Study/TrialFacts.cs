namespace ActorSweep.Core.Study;

/// <summary>
/// The facts of a trial's dataset and model that a method's validation may check its options against (a class count
/// that parts must divide, batch norm a criterion needs); each null when the build does not say, and then not checked.
/// </summary>
public sealed record TrialFacts(DatasetFacts? Dataset, ModelFacts? Model)
{
    /// <summary>Nothing known.</summary>
    public static readonly TrialFacts Unknown = new(null, null);
}
