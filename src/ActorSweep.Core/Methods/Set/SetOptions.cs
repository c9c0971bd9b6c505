using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Set;

/// <summary>SET's options: the target sparsity, its layer distribution (default ERK; uniform for the sparse-learning variant), the variant and its mask-update schedule.</summary>
/// <param name="Sparsity">Fraction of prunable weights removed.</param>
/// <param name="Distribution">Layer densities: uniform, er or erk.</param>
/// <param name="Updates">When and how much the mask changes (the rigl variant).</param>
/// <param name="PruneFirstLayer">Null: the model's default (dense first layer on conv nets; the rigl variant).</param>
/// <param name="Variant">rigl (google-research/rigl's SparseSETOptimizer) or sparse-learning (TimDettmers/sparse_learning's SET).</param>
/// <param name="SparseLearning">The sparse-learning variant's prune rate and decay.</param>
public sealed record SetOptions(double Sparsity, LayerDistribution Distribution, MaskUpdateSchedule Updates, bool? PruneFirstLayer, string Variant, SparseLearningSchedule SparseLearning)
{
    public const string Rigl = "rigl";
    public const string SparseLearningVariant = "sparse-learning";

    /// <summary>The schema, with SET's defaults (rigl's).</summary>
    public static readonly OptionSchema<SetOptions> Schema = new(
        new[] { TargetSparsity.Option, LayerDistributions.Option(LayerDistribution.ErdosRenyiKernel) }.Concat(MaskUpdateSchedule.Definitions).Append(FirstLayer.PruneOption)
            .Append(new HparamDefinition(SetKeys.Variant, HparamType.String, Rigl, HparamChecks.OneOf(Rigl, SparseLearningVariant)))
            .Concat(SparseLearningSchedule.Definitions),
        v => new SetOptions(v.Double(HparamKeys.Sparsity), DistributionOf(v), MaskUpdateSchedule.From(v), v.BoolOrNull(HparamKeys.PruneFirstLayer),
            v.String(SetKeys.Variant), SparseLearningSchedule.From(v)));

    /// <summary>
    /// The layer distribution: the trial's, else the variant's own default — rigl's ERK, sparse_learning's <c>constant</c>
    /// (uniform) from <see cref="DefaultsVersion.Release4"/> on (earlier studies started sparse_learning's SET from ERK).
    /// </summary>
    private static LayerDistribution DistributionOf(OptionValues v) =>
        !v.IsSet(HparamKeys.Distribution) && v.String(SetKeys.Variant) == SparseLearningVariant && v.Version >= DefaultsVersion.Release4
            ? LayerDistribution.Uniform
            : LayerDistributions.From(v);

    /// <summary>The keys that belong to one variant only, so setting them under the other is refused.</summary>
    public static IEnumerable<string> KeysOfOtherVariant(string variant) => variant == Rigl
        ? SparseLearningSchedule.Definitions.Select(d => d.Key)
        : MaskUpdateSchedule.Definitions.Select(d => d.Key).Append(HparamKeys.PruneFirstLayer);
}
