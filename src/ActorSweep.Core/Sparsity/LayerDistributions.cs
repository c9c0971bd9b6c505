using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>How a target sparsity is spread over layers (Evci et al. 2020, rigl's sparse_utils).</summary>
/// <remarks>
/// <see cref="Uniform"/> is read by two mechanisms, each as its reference does: rigl-style layer counts
/// (<c>random</c>, <c>set</c>, <c>rigl</c>, the FreeTickets family) keep exactly ⌊density·n⌋ weights per layer;
/// sparse_learning (<c>snfs</c>, SET's sparse-learning variant) keeps each weight with probability density (its
/// <c>constant</c> init). The word stays one (it is part of committed studies' task ids); docs/methods.md says why.
/// </remarks>
public enum LayerDistribution
{
    /// <summary>Every layer at the target density.</summary>
    Uniform,

    /// <summary>Erdős–Rényi: density ∝ (n_in + n_out)/(n_in·n_out).</summary>
    ErdosRenyi,

    /// <summary>Erdős–Rényi-kernel: density ∝ sum(shape)/prod(shape).</summary>
    ErdosRenyiKernel,
}

/// <summary>The words of <c>method.distribution</c> and the option that declares it.</summary>
public static class LayerDistributions
{
    /// <summary>uniform, er or erk.</summary>
    public static readonly Choice<LayerDistribution> Words = new(("uniform", LayerDistribution.Uniform), ("er", LayerDistribution.ErdosRenyi), ("erk", LayerDistribution.ErdosRenyiKernel));

    /// <summary>The <c>method.distribution</c> option with the default of the method that declares it.</summary>
    public static HparamDefinition Option(LayerDistribution fallback) => Words.Option(HparamKeys.Distribution, fallback);

    /// <summary>The trial's layer distribution.</summary>
    public static LayerDistribution From(OptionValues v) => v.Choose(HparamKeys.Distribution, Words);
}
