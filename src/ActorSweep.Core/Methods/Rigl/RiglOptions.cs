using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Rigl;

/// <summary>RigL's options: the target sparsity, its layer distribution (default ERK) and the mask-update schedule.</summary>
/// <param name="Sparsity">Fraction of prunable weights removed.</param>
/// <param name="Distribution">Layer densities: uniform, er or erk.</param>
/// <param name="Updates">When and how much the mask changes.</param>
/// <param name="PruneFirstLayer">Null: the model's default (dense first layer on conv nets).</param>
public sealed record RiglOptions(double Sparsity, LayerDistribution Distribution, MaskUpdateSchedule Updates, bool? PruneFirstLayer)
{
    /// <summary>The schema, with RigL's defaults (rigl's CIFAR settings).</summary>
    public static readonly OptionSchema<RiglOptions> Schema = new(
        new[] { TargetSparsity.Option, LayerDistributions.Option(LayerDistribution.ErdosRenyiKernel) }.Concat(MaskUpdateSchedule.Definitions).Append(FirstLayer.PruneOption),
        v => new RiglOptions(v.Double(HparamKeys.Sparsity), LayerDistributions.From(v), MaskUpdateSchedule.From(v), v.BoolOrNull(HparamKeys.PruneFirstLayer)));
}
