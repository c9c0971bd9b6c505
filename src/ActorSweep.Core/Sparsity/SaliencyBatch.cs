using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>
/// The class-balanced batch that SNIP and GraSP score on: <c>method.samples-per-class</c> examples of
/// each class (Synaptic-Flow's default data budget, 10 per class).
/// </summary>
public static class SaliencyBatch
{
    public const int DefaultSamplesPerClass = 10;

    /// <summary>The option.</summary>
    public static readonly HparamDefinition SamplesPerClassOption =
        new(HparamKeys.SamplesPerClass, HparamType.Int, (long)DefaultSamplesPerClass, v => (long)v is >= 1 and <= 10_000 ? null : "must be between 1 and 10000");
}
