using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>
/// sparse_learning's mask-update schedule (TimDettmers/sparse_learning, <c>sparselearning/core.py</c>): at the end of
/// every epoch but the last, each layer prunes a fraction of its active weights — the prune rate, decayed per optimizer
/// step from <see cref="PruneRate"/> by <c>CosineDecay</c> (PyTorch's CosineAnnealingLR to 0.005 over all steps) or
/// <c>LinearDecay</c> — and the freed weights are regrown, redistributed across layers.
/// </summary>
/// <param name="PruneRate">The initial prune rate (the reference's <c>--prune-rate</c>, 0.5).</param>
/// <param name="PruneRateDecay">cosine or linear (<c>--decay-schedule</c>).</param>
public sealed record SparseLearningSchedule(double PruneRate, string PruneRateDecay)
{
    public const string Cosine = "cosine";
    public const string Linear = "linear";
    public const double DefaultPruneRate = 0.5;

    /// <summary>CosineDecay's floor (<c>eta_min</c>).</summary>
    public const double CosineFloor = 0.005;

    /// <summary>The keys, with the reference's defaults.</summary>
    public static readonly IReadOnlyList<HparamDefinition> Definitions = new[]
    {
        new HparamDefinition(HparamKeys.PruneRate, HparamType.Double, DefaultPruneRate, HparamChecks.OpenFraction),
        new HparamDefinition(HparamKeys.PruneRateDecay, HparamType.String, Cosine, HparamChecks.OneOf(Cosine, Linear)),
    };

    /// <summary>Binds the schedule from a schema that includes <see cref="Definitions"/>.</summary>
    public static SparseLearningSchedule From(Options.OptionValues v) => new(v.Double(HparamKeys.PruneRate), v.String(HparamKeys.PruneRateDecay));

    /// <summary>
    /// The prune rate after <paramref name="steps"/> optimizer steps of <paramref name="totalSteps"/>: cosine
    /// η_min + (p − η_min)·½(1 + cos(π·s/T)), or linear p − s·p/T.
    /// </summary>
    public double RateAfter(int steps, int totalSteps) => PruneRateDecay == Linear
        ? PruneRate - steps * (PruneRate / totalSteps)
        : CosineFloor + (PruneRate - CosineFloor) * 0.5 * (1 + Math.Cos(Math.PI * steps / totalSteps));
}
