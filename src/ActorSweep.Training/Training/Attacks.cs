using ActorSweep.Training.Models;
using ActorSweep.Training.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// L∞ adversarial examples in pixel space: FGSM (Goodfellow et al. 2015) and PGD from a uniform random start (Madry et al.
/// 2018, as their <c>LinfPGDAttack</c>: steps of α·sign(∇ₓ loss), each projected onto the ε-ball around the clean image and
/// clipped to [0, 1]). The network is put in evaluation mode while the examples are made (as TRADES' <c>pgd_whitebox</c> and
/// training loss do) and restored after; gradients are taken with respect to the input only, so the parameters' are untouched.
/// </summary>
public static class Attacks
{
    /// <summary>FGSM: x + ε·sign(∇ₓ CE), clipped to [0, 1]. Inputs and result are pixels; the result is detached.</summary>
    public static Tensor Fgsm(SparseNet model, PixelSpace space, Tensor pixels, Tensor labels, double epsilon)
    {
        using var scope = NewDisposeScope();
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var eps = epsilon.ToScalar();
            using var zero = 0.ToScalar();
            using var one = 1.ToScalar();
            var x = pixels.detach().clone().requires_grad_(true);
            var grad = InputGradient(model, space, x, labels);
            return x.detach().Plus(grad.sign().mul_(eps)).clamp_(zero, one).MoveToOuterDisposeScope();
        }
        finally { if (wasTraining) model.train(); }
    }

    /// <summary>
    /// PGD: a start drawn uniformly from the ε-ball (by <paramref name="start"/>, on the CPU, so every device draws the same),
    /// then <paramref name="steps"/> steps of <paramref name="stepSize"/>·sign(∇ₓ CE), each projected back. Pixels in and out.
    /// </summary>
    public static Tensor Pgd(SparseNet model, PixelSpace space, Tensor pixels, Tensor labels, double epsilon, int steps, double stepSize, Generator start)
    {
        using var scope = NewDisposeScope();
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var eps = epsilon.ToScalar();
            using var two = (2 * epsilon).ToScalar();
            using var alpha = stepSize.ToScalar();
            using var zero = 0.ToScalar();
            using var one = 1.ToScalar();
            var clean = pixels.detach();
            var low = clean.sub(eps).clamp_(zero, one);
            var high = clean.add(eps, one).clamp_(zero, one);
            var noise = rand(clean.shape, dtype: clean.dtype, generator: start).to(clean.device).mul_(two).sub_(eps);
            var x = clean.Plus(noise).clamp_(zero, one);
            for (var i = 0; i < steps; i++)
            {
                using var stepScope = NewDisposeScope();
                var leaf = x.detach().requires_grad_(true);
                var grad = InputGradient(model, space, leaf, labels);
                var next = leaf.detach().Plus(grad.sign().mul_(alpha));
                next = minimum(maximum(next, low), high);
                x = next.MoveToOuterDisposeScope();
            }
            return x.detach().MoveToOuterDisposeScope();
        }
        finally { if (wasTraining) model.train(); }
    }

    private static Tensor InputGradient(SparseNet model, PixelSpace space, Tensor pixels, Tensor labels)
    {
        using var _ = enable_grad();
        var loss = nn.functional.cross_entropy(model.forward(space.FromPixels(pixels)), labels, reduction: nn.Reduction.Sum);
        return autograd.grad(new[] { loss }, new[] { pixels })[0];
    }
}
