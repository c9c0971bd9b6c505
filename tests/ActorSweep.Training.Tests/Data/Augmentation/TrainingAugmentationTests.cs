using ActorSweep.Core.Robustness;
using ActorSweep.Training.Data;
using ActorSweep.Training.Data.Augmentation;

namespace ActorSweep.Training.Tests.Data.Augmentation;

/// <summary>Gaussian and AugMix augmentation of one image: bounds, the draws' determinism, and AugMix's mixing.</summary>
public class TrainingAugmentationTests
{
    private static float[] Digit()
    {
        var x = new float[28 * 28];
        for (var r = 6; r < 22; r++) x[r * 28 + 14] = 1f;          // a vertical stroke
        for (var c = 9; c < 19; c++) x[6 * 28 + c] = 200 / 255f;    // and a bar
        return x;
    }

    [Test]
    public void Gaussian_AddsNoiseOfAtMostSigma_ClippedToPixels_AndIsTheSameForTheSameSeed()
    {
        var options = TrainingAugmentation.Off.As(TrainingAugmentation.Gaussian) with { Sigma = 0.2 };
        var a = PixelAugmentation.Augment(Digit(), 1, 28, 28, options, new SplitMix64(7));
        var b = PixelAugmentation.Augment(Digit(), 1, 28, 28, options, new SplitMix64(7));
        var c = PixelAugmentation.Augment(Digit(), 1, 28, 28, options, new SplitMix64(8));
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
        Assert.That(a, Is.All.InRange(0f, 1f));
        var meanChange = a.Zip(Digit(), (x, y) => Math.Abs((double)x - y)).Average();
        Assert.That(meanChange, Is.GreaterThan(0).And.LessThan(0.2 * 0.8), "noise of a standard deviation drawn from [0, σ]");
    }

    [Test]
    public void AugMix_IsAConvexMixOfPixelImages_DeterministicPerSeed_AndChangesTheImage()
    {
        var options = TrainingAugmentation.Off.As(TrainingAugmentation.AugMix);
        var changed = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var a = PixelAugmentation.Augment(Digit(), 1, 28, 28, options, new SplitMix64(seed));
            Assert.That(a, Is.EqualTo(PixelAugmentation.Augment(Digit(), 1, 28, 28, options, new SplitMix64(seed))));
            Assert.That(a, Is.All.InRange(0f, 1f), "a convex mix of images in [0, 1]");
            if (a.Zip(Digit(), (x, y) => Math.Abs(x - y)).Max() > 0.05) changed++;
        }
        Assert.That(changed, Is.GreaterThanOrEqualTo(15), "m ~ Beta(1, 1) rarely leaves the image as it was");
    }

    [Test]
    public void Dirichlet_SumsToOne_AndBetaAndGammaHaveTheirMeans()
    {
        var rng = new SplitMix64(3);
        var w = AugMix.Dirichlet(rng, 3, 1.0);
        Assert.That(w.Sum(), Is.EqualTo(1).Within(1e-12));
        var gammas = Enumerable.Range(0, 20000).Select(_ => AugMix.Gamma(rng, 2.5)).ToArray();
        Assert.That(gammas.Average(), Is.EqualTo(2.5).Within(0.06), "Gamma(α, 1) has mean α");
        var small = Enumerable.Range(0, 20000).Select(_ => AugMix.Gamma(rng, 0.5)).ToArray();
        Assert.That(small.Average(), Is.EqualTo(0.5).Within(0.02));
        var betas = Enumerable.Range(0, 20000).Select(_ => AugMix.Beta(rng, 1.0)).ToArray();
        Assert.That(betas.Average(), Is.EqualTo(0.5).Within(0.01));
        Assert.That(betas.Select(b => b * b).Average() - 0.25, Is.EqualTo(1 / 12.0).Within(0.005), "Beta(1, 1) is uniform");
    }
}
