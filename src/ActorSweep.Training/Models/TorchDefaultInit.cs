using TorchSharp.Modules;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Models;

/// <summary>
/// <c>training.init = pytorch</c>: what <c>torch.nn</c>'s <c>reset_parameters</c> draws — Linear and Conv2d weights
/// <c>kaiming_uniform_(a=√5)</c>, i.e. U(−1/√fan_in, 1/√fan_in), and their biases U(−1/√fan_in, 1/√fan_in); batch-norm
/// weights 1 and biases 0. sparse_learning's models (TimDettmers/sparse_learning, <c>sparselearning/models.py</c>) keep
/// these defaults. Modules in <c>named_modules</c> order, each weight then its bias, every draw from the given generator.
/// </summary>
public static class TorchDefaultInit
{
    /// <summary>Re-draws every parameter of <paramref name="model"/>.</summary>
    public static void Apply(nn.Module model, Generator generator)
    {
        using var _ = no_grad();
        foreach (var (_, m) in model.named_modules())
        {
            switch (m)
            {
                case Linear l: Uniform(l.weight!, l.bias, generator); break;
                case Conv2d c: Uniform(c.weight!, c.bias, generator); break;
                case BatchNorm b:
                    HeldScalars.With(1.0, one => b.weight!.fill_(one));
                    b.bias!.zero_();
                    break;
            }
        }
    }

    private static void Uniform(Tensor weight, Tensor? bias, Generator generator)
    {
        var bound = 1 / Math.Sqrt(weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b));
        Fill(weight, bound, generator);
        if (bias is not null) Fill(bias, bound, generator);
    }

    private static void Fill(Tensor target, double bound, Generator generator)
    {
        using var u = HeldScalars.With(bound, b => HeldScalars.With(2 * bound, width => rand(target.shape, generator: generator).mul_(width).sub_(b)));
        target.copy_(u);
    }
}
