using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Rigl;

/// <summary>RigL's options: the target sparsity, its layer distribution (default ERK) and the mask-update schedule.</summary>
public sealed record RiglOptions(double Sparsity, string Distribution, MaskUpdateSchedule Updates)
{
    /// <summary>The schema, with RigL's defaults (rigl's CIFAR settings).</summary>
    public static readonly OptionSchema<RiglOptions> Schema = new(
        new[] { TargetSparsity.Option, LayerDistributions.Option(LayerDistributions.ErdosRenyiKernel) }.Concat(MaskUpdateSchedule.Definitions),
        v => new RiglOptions(v.Double(HparamKeys.Sparsity), v.String(HparamKeys.Distribution), MaskUpdateSchedule.From(v)));
}
