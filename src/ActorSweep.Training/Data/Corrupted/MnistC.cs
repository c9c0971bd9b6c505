using ActorSweep.Core.Robustness;

namespace ActorSweep.Training.Data.Corrupted;

/// <summary>
/// MNIST-C's corruptions (google-research/mnist-c <c>corruptions.py</c>) on one single-channel image, with the reference's
/// constants per severity. Each image draws from its own seeded generator, so a corrupted test set is the same on every
/// machine, for every task and every slot count. The generator is not numpy's, so the images are MNIST-C's corruptions,
/// not its published files. The constants are MNIST-C's for 28 × 28 images; on another size the geometry uses that image's
/// centre and width (the synthetic test set's 12 × 12).
/// </summary>
public static class MnistC
{
    /// <summary>
    /// The image <paramref name="pixels"/> (values in [0, 1], H × W) under <paramref name="corruption"/> at
    /// <paramref name="severity"/> (ignored by the corruptions without one), as the 8-bit image MNIST-C stores, scaled back to [0, 1].
    /// </summary>
    public static float[] Apply(ReadOnlySpan<float> pixels, int h, int w, string corruption, int severity, SplitMix64 rng)
    {
        var x = new double[pixels.Length];
        for (var i = 0; i < x.Length; i++) x[i] = Math.Round(pixels[i] * 255.0) / 255.0;   // the uint8 image, / 255
        var y = corruption switch
        {
            "shot-noise" => ShotNoise(x, new double[] { 60, 25, 12, 5, 3 }[severity - 1], rng),
            "impulse-noise" => ImpulseNoise(x, new[] { .03, .06, .09, 0.17, 0.27 }[severity - 1], rng),
            "glass-blur" => GlassBlur(x, h, w, new[] { (0.7, 1, 2), (0.9, 2, 1), (1.0, 2, 3), (1.1, 3, 2), (1.5, 4, 2) }[severity - 1], rng),
            "motion-blur" => MotionBlur(x, h, w, new[] { (10.0, 3.0), (15, 5), (15, 8), (15, 12), (20, 15) }[severity - 1], rng),
            "shear" => Affine(x, h, w, shear: new[] { 0.2, 0.4, 0.6, 0.8, 1.0 }[severity - 1] * Sign(rng)),
            "scale" => Affine(x, h, w, scale: 1 / new[] { .9, .8, .7, .6, .5 }[severity - 1]),
            "rotate" => Affine(x, h, w, rotation: new[] { 0.2, 0.4, 0.6, 0.8, 1.0 }[severity - 1] * Sign(rng)),
            "brightness" => Map(x, v => Math.Min(v + new[] { .1, .2, .3, .4, .5 }[severity - 1], 1)),
            "translate" => Translate(x, h, w, new[] { 1, 2, 3, 4, 5 }[severity - 1], rng),
            "stripe" => Stripe(x, h, w),
            "fog" => Fog(x, h, w, new[] { (1.5, 2.0), (2.0, 2.0), (2.5, 1.7), (2.5, 1.5), (3.0, 1.4) }[severity - 1], rng),
            "spatter" => Spatter(x, h, w, new[] { (0.65, 0.3, 4.0, 0.69, 0.6), (0.65, 0.3, 3, 0.68, 0.6), (0.65, 0.3, 2, 0.68, 0.5), (0.65, 0.3, 1, 0.65, 1.5), (0.67, 0.4, 1, 0.65, 1.5) }[severity - 1], rng),
            "dotted-line" => DottedLine(x, h, w, rng),
            "zigzag" => Zigzag(x, h, w, rng),
            _ => throw new ArgumentException($"unknown corruption '{corruption}'; known: {string.Join(", ", Corruptions.Names)}", nameof(corruption)),
        };
        // np.clip(…, 0, 1) * 255 stored as uint8 (truncation), then read back as pixels in [0, 1].
        var result = new float[y.Length];
        for (var i = 0; i < y.Length; i++) result[i] = (float)(Math.Floor(Math.Clamp(y[i], 0, 1) * 255.0) / 255.0);
        return result;
    }

    private static double Sign(SplitMix64 rng) => rng.NextInt(2) == 0 ? -1 : 1;

    private static double[] Map(double[] x, Func<double, double> f) => Array.ConvertAll(x, v => f(v));

    private static double[] ShotNoise(double[] x, double c, SplitMix64 rng) => Map(x, v => Poisson(v * c, rng) / c);

    /// <summary>A Poisson draw by inversion (λ ≤ 60 here, so e^−λ is far from underflow).</summary>
    private static int Poisson(double lambda, SplitMix64 rng)
    {
        var u = rng.NextDouble();
        var p = Math.Exp(-lambda);
        var cumulative = p;
        var k = 0;
        while (u > cumulative && k < 1000)
        {
            k++;
            p *= lambda / k;
            cumulative += p;
        }
        return k;
    }

    /// <summary>skimage <c>random_noise(mode='s&amp;p', amount=c)</c>: each pixel flipped with probability c, to 1 or 0 with even odds.</summary>
    private static double[] ImpulseNoise(double[] x, double amount, SplitMix64 rng)
    {
        var y = (double[])x.Clone();
        for (var i = 0; i < y.Length; i++)
        {
            var flipped = rng.NextDouble() < amount;
            var salted = rng.NextDouble() < 0.5;
            if (flipped) y[i] = salted ? 1 : 0;
        }
        return y;
    }

    private static double[] GlassBlur(double[] x, int h, int w, (double Sigma, int Delta, int Iterations) c, SplitMix64 rng)
    {
        var blurred = ImageOps.Gaussian(x, h, w, c.Sigma);
        var u8 = Array.ConvertAll(blurred, v => Math.Floor(v * 255));   // np.uint8(gaussian(…) * 255)
        for (var it = 0; it < c.Iterations; it++)
        for (var r = h - c.Delta; r > c.Delta; r--)
        for (var col = w - c.Delta; col > c.Delta; col--)
        {
            if (rng.NextInt(2) != 0) continue;
            var dx = rng.NextInt(2 * c.Delta) - c.Delta;   // np.random.randint(-d, d): −d … d − 1
            var dy = rng.NextInt(2 * c.Delta) - c.Delta;
            int rp = r + dy, cp = col + dx;
            if (rp < 0 || rp >= h || cp < 0 || cp >= w) continue;   // numpy would wrap a negative index; within ±d of the border it cannot occur on 28 × 28
            (u8[r * w + col], u8[rp * w + cp]) = (u8[rp * w + cp], u8[r * w + col]);
        }
        return ImageOps.Gaussian(Map(u8, v => v / 255), h, w, c.Sigma);
    }

    private static double[] MotionBlur(double[] x, int h, int w, (double Radius, double Sigma) c, SplitMix64 rng)
    {
        var angle = -45 + 90 * rng.NextDouble();
        return Map(ImageOps.MotionBlur(Map(x, v => v * 255), h, w, c.Radius, c.Sigma, angle), v => v / 255);
    }

    private static double[] Affine(double[] x, int h, int w, double scale = 1, double rotation = 0, double shear = 0) =>
        ImageOps.Warp(x, h, w, ImageOps.CentredAffine(h, w, scale, rotation, shear));

    private static double[] Translate(double[] x, int h, int w, int c, SplitMix64 rng)
    {
        var dx = c * Sign(rng);
        var dy = c * Sign(rng);
        return ImageOps.Warp(x, h, w, new double[,] { { 1, 0, dx }, { 0, 1, dy } });
    }

    /// <summary>The left and right quarters inverted (columns 0–6 and 21–27 on MNIST).</summary>
    private static double[] Stripe(double[] x, int h, int w)
    {
        var y = (double[])x.Clone();
        var quarter = w / 4;
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
            if (c < quarter || c >= w - quarter) y[r * w + c] = 1 - x[r * w + c];
        return y;
    }

    private static double[] Fog(double[] x, int h, int w, (double Amount, double Decay) c, SplitMix64 rng)
    {
        var size = 256;
        while (size < Math.Max(h, w)) size *= 2;
        var plasma = ImageOps.Plasma(rng, size, c.Decay);
        var max = x.Max();
        var y = new double[x.Length];
        for (var r = 0; r < h; r++)
        for (var col = 0; col < w; col++)
            y[r * w + col] = (x[r * w + col] + c.Amount * plasma[r, col]) * max / (max + c.Amount);
        return y;
    }

    private static double[] Spatter(double[] x, int h, int w, (double Loc, double Scale, double Sigma, double Threshold, double MaskSigma) c, SplitMix64 rng)
    {
        var liquid = new double[x.Length];
        for (var i = 0; i < liquid.Length; i++) liquid[i] = c.Loc + c.Scale * rng.NextGaussian();
        liquid = ImageOps.Gaussian(liquid, h, w, c.Sigma);
        var m = Map(liquid, v => v < c.Threshold ? 0 : v > c.Threshold ? 1 : 0);
        m = Map(ImageOps.Gaussian(m, h, w, c.MaskSigma), v => v < 0.8 ? 0 : v);
        var y = new double[x.Length];
        for (var i = 0; i < y.Length; i++) y[i] = x[i] * (1 - m[i]) + 63 / 255.0 * m[i];   // mud
        return y;
    }

    private static double[] DottedLine(double[] x, int h, int w, SplitMix64 rng)
    {
        int r0 = rng.NextInt(h - 1), r1 = rng.NextInt(h - 1);   // np.random.randint(0, 27)
        var line = ImageOps.Line(h, w, 0, r0, w - 1, r1);
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
            if (c / 2 % 2 == 0) line[r * w + c] = 0;   // columns [0, 2), [4, 6), … off
        var y = new double[x.Length];
        for (var i = 0; i < y.Length; i++) y[i] = x[i] + line[i];
        return y;
    }

    private static double[] Zigzag(double[] x, int h, int w, SplitMix64 rng)
    {
        const double a = 2, b = 2;   // length and width of the zigzags
        double c0 = 2, c1 = w - 3;
        var r0 = rng.NextInt(h - 1);
        var r1 = r0 + rng.NextInt(10) - 5;   // np.random.randint(-5, 5)
        var theta = Math.Atan((r1 - r0) / (c1 - c0));
        var d = (c1 - c0) / Math.Cos(theta);
        var points = new List<(double C, double R)> { (0, 0) };
        double ri = 0;
        for (var i = 0; i < (int)Math.Floor((d - a) / (2 * a)) + 1; i++)
        {
            ri = (i % 2 == 0 ? 1 : -1) * b;
            points.Add(((2 * i + 1) * a, ri));
        }
        var maxC = 2 * a * Math.Floor(d / (2 * a));
        if (d != maxC) points.Add((d, ri / (2 * (d - maxC))));
        var rotated = points.Select(p => (C: Math.Cos(theta) * p.C - Math.Sin(theta) * p.R + c0, R: Math.Sin(theta) * p.C + Math.Cos(theta) * p.R + r0)).ToList();
        var y = (double[])x.Clone();
        for (var i = 1; i < rotated.Count; i++)
        {
            var line = ImageOps.Line(h, w, rotated[i - 1].C, rotated[i - 1].R, rotated[i].C, rotated[i].R);
            for (var k = 0; k < y.Length; k++) y[k] = Math.Clamp(y[k] + line[k], 0, 1);
        }
        return y;
    }
}
