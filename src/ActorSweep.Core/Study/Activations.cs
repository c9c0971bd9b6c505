namespace ActorSweep.Core.Study;

/// <summary>
/// The hidden activations a model may use (<c>training.activation</c>), as ToST's <c>activations.py</c> / <c>models/resnet.py</c>:
/// <c>relu</c>; <c>swish</c> (nn.SiLU, x·σ(x)); <c>mish</c> (x·tanh(softplus(x))).
/// </summary>
public static class Activations
{
    public const string Relu = "relu";
    public const string Swish = "swish";
    public const string Mish = "mish";

    /// <summary>Every activation.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { Relu, Swish, Mish };
}
