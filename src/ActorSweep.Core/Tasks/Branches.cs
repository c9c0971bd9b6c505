namespace ActorSweep.Core.Tasks;

/// <summary>
/// Branch names of a lineage. They are part of task identity and of the Parquet output, so they
/// are a public format: never rename one.
/// </summary>
public static class Branches
{
    /// <summary>The lineage itself: dense round 0, then each pruning round.</summary>
    public const string Main = "main";

    /// <summary>Control: the round's mask with a fresh random initialisation (Frankle &amp; Carbin).</summary>
    public const string RandomReinit = "random-reinit";

    /// <summary>Control: a random mask with the round's per-layer densities, trained from θ0.</summary>
    public const string RandomMask = "random-mask";

    /// <summary>
    /// Control: the round's mask trained from a fresh random initialisation for the dense run's
    /// multiply-add budget (Liu et al. 2019, Scratch-B): iterations × dense/sparse FLOPs, capped by
    /// <c>method.scratch-b-max-factor</c>. (Scratch-E, the same iterations, is <see cref="RandomReinit"/>.)
    /// </summary>
    public const string ScratchB = "scratch-b";

    /// <summary>
    /// A round's mask and starting weights trained again with the method block's <c>retraining { }</c> options
    /// (<see cref="Study.RetrainingSchema"/>), beside the main lineage that found the mask with the trial's own.
    /// </summary>
    public const string Retrained = "retrained";

    /// <summary>Linear mode connectivity: two copies trained on from a rewind point, then interpolated.</summary>
    public const string Lmc = "lmc";

    /// <summary>The known control branches, as written in a study file.</summary>
    public static readonly IReadOnlyList<string> Controls = new[] { RandomReinit, RandomMask, ScratchB };
}
