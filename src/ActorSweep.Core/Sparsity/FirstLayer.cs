using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>
/// <c>method.prune-first-layer</c> of dynamic sparse training: whether the first layer is sparse. Unset means
/// the model's default, as google-research/rigl: its CIFAR training keeps the first convolution dense
/// (<c>prune_first_layer = False</c>), its MNIST training prunes every layer of the MLP.
/// </summary>
public static class FirstLayer
{
    /// <summary>The option (release-1 studies pruned every layer).</summary>
    public static readonly HparamDefinition PruneOption =
        new HparamDefinition(HparamKeys.PruneFirstLayer, HparamType.Bool, null, Optional: true).DefaultBefore(DefaultsVersion.Release2, true);
}
