using ActorSweep.Core.Study;
using ActorSweep.Training.Numerics;
using static TorchSharp.torch;

namespace ActorSweep.Training.Models;

/// <summary>The hidden activations of <see cref="Activations"/> as functions (ToST: swish = nn.SiLU, mish = x·tanh(softplus(x))).</summary>
public static class ActivationFunctions
{
    /// <summary>The function named <paramref name="name"/>.</summary>
    public static Func<Tensor, Tensor> Of(string name) => name switch
    {
        Activations.Relu => x => nn.functional.relu(x),
        Activations.Swish => x => nn.functional.silu(x),
        Activations.Mish => x => x * x.Softplus().tanh_(),   // softplus with its Scalars held (HeldScalars)
        _ => throw new ArgumentException($"unknown activation '{name}'; known: {string.Join(", ", Activations.Names)}", nameof(name)),
    };
}
