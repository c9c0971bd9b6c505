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

    /// <summary>The known control branches, as written in a study file.</summary>
    public static readonly IReadOnlyList<string> Controls = new[] { RandomReinit, RandomMask };
}
