using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.RandomPruning;

/// <summary>Random pruning's options: the target sparsity and its layer distribution (default uniform).</summary>
public sealed record RandomPruningOptions(double Sparsity, LayerDistribution Distribution)
{
    /// <summary>The schema, with random pruning's defaults.</summary>
    public static readonly OptionSchema<RandomPruningOptions> Schema = new(
        new[] { TargetSparsity.Option, LayerDistributions.Option(LayerDistribution.Uniform) },
        v => new RandomPruningOptions(v.Double(HparamKeys.Sparsity), LayerDistributions.From(v)));
}
