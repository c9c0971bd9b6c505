using ActorSweep.Core.Robustness;

namespace ActorSweep.Training.Data.Augmentation;

/// <summary>
/// AugMix (Hendrycks et al. 2020; google-research/augmix <c>augment_and_mix</c> and <c>augmentations.py</c>) on one image of
/// C 8-bit bands: <c>width</c> chains, each of <c>depth</c> operations (−1: 1 to 3) drawn uniformly from autocontrast,
/// equalize, posterize, rotate, solarize, shear x/y and translate x/y at the severity's sampled level, mixed with weights
/// w ~ Dirichlet(α), the mix blended with the clean image by m ~ Beta(α, α): (1 − m)·x + m·Σ wᵢ·chainᵢ(x). Every draw comes
/// from the image's generator, in the reference's order. Geometric operations move every band alike; the others act per band
/// (as Pillow's on an RGB image).
/// </summary>
internal static class AugMix
{
    private const int Operations = 9;

    /// <summary>The augmented image, C × H × W pixels in [0, 1], from the clean 8-bit bands.</summary>
    public static float[] Apply(byte[][] bands, int h, int w, TrainingAugmentation options, SplitMix64 rng)
    {
        var weights = Dirichlet(rng, options.Width, options.Alpha);
        var m = Beta(rng, options.Alpha);
        var mix = new double[bands.Length * h * w];
        for (var chain = 0; chain < options.Width; chain++)
        {
            var image = bands.Select(b => (byte[])b.Clone()).ToArray();
            var depth = options.Depth > 0 ? options.Depth : 1 + rng.NextInt(3);
            for (var d = 0; d < depth; d++) image = Operation(image, h, w, rng.NextInt(Operations), options.Severity, rng);
            for (var c = 0; c < image.Length; c++)
            for (var i = 0; i < h * w; i++) mix[c * h * w + i] += weights[chain] * (image[c][i] / 255.0);
        }
        var result = new float[mix.Length];
        for (var c = 0; c < bands.Length; c++)
        for (var i = 0; i < h * w; i++)
            result[c * h * w + i] = (float)((1 - m) * (bands[c][i] / 255.0) + m * mix[c * h * w + i]);
        return result;
    }

    // augmentations.py: sample_level(n) = uniform(0.1, n); int_parameter(l, max) = int(l·max/10); float_parameter(l, max) = l·max/10.
    private static double SampleLevel(SplitMix64 rng, int severity) => 0.1 + (severity - 0.1) * rng.NextDouble();
    private static int IntParameter(double level, double max) => (int)(level * max / 10);
    private static double Signed(SplitMix64 rng, double v) => rng.NextDouble() > 0.5 ? -v : v;

    private static byte[][] Operation(byte[][] image, int h, int w, int op, int severity, SplitMix64 rng)
    {
        switch (op)
        {
            case 0: return image.Select(PilOps.AutoContrast).ToArray();
            case 1: return image.Select(PilOps.Equalize).ToArray();
            case 2:
            {
                var bits = 4 - IntParameter(SampleLevel(rng, severity), 4);
                return image.Select(b => PilOps.Posterize(b, bits)).ToArray();
            }
            case 3:
            {
                var degrees = Signed(rng, IntParameter(SampleLevel(rng, severity), 30));
                return image.Select(b => PilOps.Rotate(b, h, w, degrees)).ToArray();
            }
            case 4:
            {
                var threshold = 256 - IntParameter(SampleLevel(rng, severity), 256);
                return image.Select(b => PilOps.Solarize(b, threshold)).ToArray();
            }
            case 5 or 6:
            {
                var level = Signed(rng, SampleLevel(rng, severity) * 0.3 / 10);
                var matrix = op == 5 ? new[] { 1, level, 0, 0, 1, 0 } : new[] { 1, 0, 0, level, 1, 0 };
                return image.Select(b => PilOps.Affine(b, h, w, matrix)).ToArray();
            }
            default:
            {
                // translate by int_parameter(level, IMAGE_SIZE / 3) pixels (the reference's IMAGE_SIZE: the image's side).
                var shift = Signed(rng, IntParameter(SampleLevel(rng, severity), (op == 7 ? w : h) / 3.0));
                var matrix = op == 7 ? new[] { 1, 0, shift, 0, 1, 0 } : new[] { 1, 0, 0, 0, 1, shift };
                return image.Select(b => PilOps.Affine(b, h, w, matrix)).ToArray();
            }
        }
    }

    /// <summary>Dirichlet(α, …, α) over <paramref name="k"/> weights: normalised Gamma(α) draws.</summary>
    public static double[] Dirichlet(SplitMix64 rng, int k, double alpha)
    {
        var g = Enumerable.Range(0, k).Select(_ => Gamma(rng, alpha)).ToArray();
        var sum = g.Sum();
        return g.Select(v => v / sum).ToArray();
    }

    /// <summary>Beta(α, α) as G₁ / (G₁ + G₂).</summary>
    public static double Beta(SplitMix64 rng, double alpha)
    {
        var a = Gamma(rng, alpha);
        var b = Gamma(rng, alpha);
        return a / (a + b);
    }

    /// <summary>Gamma(α, 1) by Marsaglia and Tsang (α &lt; 1 boosted by U^(1/α)).</summary>
    public static double Gamma(SplitMix64 rng, double alpha)
    {
        if (alpha < 1)
        {
            var u = rng.NextDouble();
            return Gamma(rng, alpha + 1) * Math.Pow(u, 1 / alpha);
        }
        var d = alpha - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = rng.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(Math.Max(u, double.Epsilon)) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}
