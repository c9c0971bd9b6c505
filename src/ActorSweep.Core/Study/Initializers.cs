namespace ActorSweep.Core.Study;

/// <summary>
/// How a model's parameters are drawn (<c>training.init</c>): <c>model</c>, the initialiser of the model's own paper
/// (LeNet and Conv-N: Glorot normal, zero biases, as Frankle &amp; Carbin; ResNet and VGG: open_lth's Kaiming normal);
/// <c>pytorch</c>, what <c>torch.nn</c> layers draw when nobody re-initialises them — the reference code of sparse_learning
/// (sparse momentum, its SET) trains from that: Linear and Conv2d weights and biases U(−1/√fan_in, 1/√fan_in)
/// (<c>kaiming_uniform_(a=√5)</c>), batch-norm weights 1 and biases 0.
/// </summary>
public static class Initializers
{
    public const string Model = "model";
    public const string Pytorch = "pytorch";

    /// <summary>Every initialiser.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { Model, Pytorch };
}
