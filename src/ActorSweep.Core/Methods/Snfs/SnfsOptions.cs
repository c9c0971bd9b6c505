using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Snfs;

/// <summary>Sparse momentum's options, with sparse_learning's defaults.</summary>
/// <param name="Sparsity">Fraction of prunable weights removed (the reference's 1 − <c>--density</c>).</param>
/// <param name="Distribution">The initial layer densities: uniform (the reference's <c>constant</c> init), er or erk.</param>
/// <param name="Schedule">The prune rate and its decay.</param>
/// <param name="Growth">momentum (SNFS) or random.</param>
/// <param name="Redistribution">momentum (SNFS), magnitude, nonzeros or none.</param>
public sealed record SnfsOptions(double Sparsity, LayerDistribution Distribution, SparseLearningSchedule Schedule, SparseLearningGrowth Growth, Redistribution Redistribution)
{
    /// <summary>The schema.</summary>
    public static readonly OptionSchema<SnfsOptions> Schema = new(
        new[] { TargetSparsity.Option, LayerDistributions.Option(LayerDistribution.Uniform) }
            .Concat(SparseLearningSchedule.Definitions)
            .Append(SparseLearningModes.Growth.Option(HparamKeys.Growth, SparseLearningGrowth.Momentum))
            .Append(SparseLearningModes.Redistributions.Option(SnfsKeys.Redistribution, Redistribution.Momentum)),
        v => new SnfsOptions(v.Double(HparamKeys.Sparsity), LayerDistributions.From(v), SparseLearningSchedule.From(v),
            v.Choose(HparamKeys.Growth, SparseLearningModes.Growth), v.Choose(SnfsKeys.Redistribution, SparseLearningModes.Redistributions)));
}
