using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Set;

/// <summary>SET's options: the target sparsity, its layer distribution (default ERK) and the mask-update schedule.</summary>
public sealed record SetOptions(double Sparsity, string Distribution, MaskUpdateSchedule Updates)
{
    /// <summary>The schema, with SET's defaults (rigl's).</summary>
    public static readonly OptionSchema<SetOptions> Schema = new(
        new[] { TargetSparsity.Option, LayerDistributions.Option(LayerDistributions.ErdosRenyiKernel) }.Concat(MaskUpdateSchedule.Definitions),
        v => new SetOptions(v.Double(HparamKeys.Sparsity), v.String(HparamKeys.Distribution), MaskUpdateSchedule.From(v)));
}
