using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Snip;

/// <summary>SNIP's options: the target sparsity and the scoring batch.</summary>
public sealed record SnipOptions(double Sparsity, int SamplesPerClass)
{
    /// <summary>The schema, with SNIP's defaults.</summary>
    public static readonly OptionSchema<SnipOptions> Schema = new(
        new[] { TargetSparsity.Option, PruneAtInitOptions.SamplesPerClassOption },
        v => new SnipOptions(v.Double(HparamKeys.Sparsity), v.Int(HparamKeys.SamplesPerClass)));
}
