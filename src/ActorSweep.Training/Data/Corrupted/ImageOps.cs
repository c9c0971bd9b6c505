namespace ActorSweep.Training.Data.Corrupted;

/// <summary>
/// The image operations MNIST-C's corruptions are made of, on one H × W channel of doubles (row-major), written as the
/// Python libraries it calls compute them: scipy's Gaussian filter (skimage <c>gaussian</c>), skimage's affine
/// <c>warp</c> with bilinear interpolation and a black border, ImageMagick's motion blur, the diamond-square plasma and
/// MNIST-C's own <c>line_from_points</c>.
/// </summary>
internal static class ImageOps
{
    /// <summary>
    /// scipy.ndimage.gaussian_filter as skimage's <c>gaussian</c> calls it: a sampled Gaussian of radius ⌊4σ + ½⌋,
    /// normalised, applied along rows then columns, the border extended by its nearest pixel.
    /// </summary>
    public static double[] Gaussian(double[] x, int h, int w, double sigma)
    {
        var radius = (int)(4.0 * sigma + 0.5);
        var k = new double[2 * radius + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++) sum += k[i + radius] = Math.Exp(-0.5 * i * i / (sigma * sigma));
        for (var i = 0; i < k.Length; i++) k[i] /= sum;
        var tmp = new double[x.Length];
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
        {
            double acc = 0;
            for (var i = -radius; i <= radius; i++) acc += k[i + radius] * x[Math.Clamp(r + i, 0, h - 1) * w + c];
            tmp[r * w + c] = acc;
        }
        var y = new double[x.Length];
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
        {
            double acc = 0;
            for (var i = -radius; i <= radius; i++) acc += k[i + radius] * tmp[r * w + Math.Clamp(c + i, 0, w - 1)];
            y[r * w + c] = acc;
        }
        return y;
    }

    /// <summary>
    /// skimage <c>transform.warp(x, inverse_map=A)</c> for an affine A (2 × 3, acting on (column, row)): each output pixel reads
    /// the input at A·(c, r, 1) by bilinear interpolation, reading 0 outside the image.
    /// </summary>
    public static double[] Warp(double[] x, int h, int w, double[,] a)
    {
        var y = new double[x.Length];
        double At(long r, long c) => r < 0 || r >= h || c < 0 || c >= w ? 0 : x[r * w + c];
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
        {
            var sc = a[0, 0] * c + a[0, 1] * r + a[0, 2];
            var sr = a[1, 0] * c + a[1, 1] * r + a[1, 2];
            long minR = (long)Math.Floor(sr), minC = (long)Math.Floor(sc), maxR = (long)Math.Ceiling(sr), maxC = (long)Math.Ceiling(sc);
            double dr = sr - minR, dc = sc - minC;
            var top = (1 - dc) * At(minR, minC) + dc * At(minR, maxC);
            var bottom = (1 - dc) * At(maxR, minC) + dc * At(maxR, maxC);
            y[r * w + c] = (1 - dr) * top + dr * bottom;
        }
        return y;
    }

    /// <summary>
    /// skimage's <c>AffineTransform(scale, rotation, shear)</c> with the translation MNIST-C adds to keep the image's centre
    /// ((w − 1)/2, (h − 1)/2; 13.5 on MNIST) fixed.
    /// </summary>
    public static double[,] CentredAffine(int h, int w, double scale = 1, double rotation = 0, double shear = 0)
    {
        double a1 = scale * Math.Cos(rotation), a2 = -scale * Math.Sin(rotation + shear);
        double b1 = scale * Math.Sin(rotation), b2 = scale * Math.Cos(rotation + shear);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        return new[,] { { a1, a2, cx - a1 * cx - a2 * cy }, { b1, b2, cy - b1 * cx - b2 * cy } };
    }

    /// <summary>
    /// ImageMagick's <c>MotionBlurImage(radius, sigma, angle)</c> on an 8-bit image: a one-sided Gaussian of 2⌈radius⌉ + 1 taps
    /// along the angle (offsets rounded as ImageMagick rounds them), the border extended by its nearest pixel, the result
    /// rounded back to 8 bits (the PNG it goes through).
    /// </summary>
    public static double[] MotionBlur(double[] x255, int h, int w, double radius, double sigma, double angleDegrees)
    {
        var width = 2 * (int)Math.Ceiling(radius) + 1;
        var kernel = new double[width];
        double sum = 0;
        for (var i = 0; i < width; i++) sum += kernel[i] = Math.Exp(-(double)(i * i) / (2.0 * sigma * sigma)) / (Math.Sqrt(2 * Math.PI) * sigma);
        for (var i = 0; i < width; i++) kernel[i] /= sum;
        var px = width * Math.Sin(angleDegrees * Math.PI / 180);
        var py = width * Math.Cos(angleDegrees * Math.PI / 180);
        var norm = Math.Sqrt(px * px + py * py);
        var dx = new int[width];
        var dy = new int[width];
        for (var i = 0; i < width; i++)
        {
            dx[i] = (int)Math.Ceiling(i * py / norm - 0.5);
            dy[i] = (int)Math.Ceiling(i * px / norm - 0.5);
        }
        var y = new double[x255.Length];
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
        {
            double acc = 0;
            for (var i = 0; i < width; i++) acc += kernel[i] * x255[Math.Clamp(r + dy[i], 0, h - 1) * w + Math.Clamp(c + dx[i], 0, w - 1)];
            y[r * w + c] = Math.Clamp(Math.Round(acc, MidpointRounding.AwayFromZero), 0, 255);
        }
        return y;
    }

    /// <summary>
    /// MNIST-C's <c>plasma_fractal</c> (diamond-square, after FLHerne/mapgen): a <paramref name="size"/>² height map in [0, 1],
    /// each midpoint the mean of its neighbours plus wibble · U(−wibble, wibble), wibble starting at 100 and divided by
    /// <paramref name="decay"/> per level. <paramref name="size"/> is a power of two.
    /// </summary>
    public static double[,] Plasma(SplitMix64 rng, int size, double decay)
    {
        var map = new double[size, size];
        var step = size;
        double wibble = 100;
        double Wibbled(double v) => v / 4 + wibble * (wibble * (2 * rng.NextDouble() - 1));
        while (step >= 2)
        {
            var n = size / step;
            var half = step / 2;
            // Squares: each centre from its four corners (np.roll by −1 wraps around).
            var square = new double[n, n];
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                square[i, j] = map[i * step, j * step] + map[(i + 1) % n * step, j * step]
                    + map[i * step, (j + 1) % n * step] + map[(i + 1) % n * step, (j + 1) % n * step];
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                map[half + i * step, half + j * step] = Wibbled(square[i, j]);
            // Diamonds: first the points on the corners' rows, then those on their columns.
            var lt = new double[n, n];
            var tt = new double[n, n];
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double Dr(int a, int b) => map[half + (a + n) % n * step, half + (b + n) % n * step];
                double Ul(int a, int b) => map[(a + n) % n * step, (b + n) % n * step];
                lt[i, j] = Dr(i, j) + Dr(i - 1, j) + Ul(i, j) + Ul(i, j + 1);
                tt[i, j] = Dr(i, j) + Dr(i, j - 1) + Ul(i, j) + Ul(i + 1, j);
            }
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                map[i * step, half + j * step] = Wibbled(lt[i, j]);
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                map[half + i * step, j * step] = Wibbled(tt[i, j]);
            step /= 2;
            wibble /= decay;
        }
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in map) { min = Math.Min(min, v); max = Math.Max(max, v); }
        for (var i = 0; i < size; i++)
        for (var j = 0; j < size; j++)
            map[i, j] = (map[i, j] - min) / (max - min);
        return map;
    }

    /// <summary>
    /// MNIST-C's <c>line_from_points(c0, r0, c1, r1)</c>: a line of intensity log(1 − d/2.3) + 1 at vertical distance d from
    /// the line through the two points, zero left of ⌊c0⌋ and from ⌈c1⌉ on (Python's slices, negative bounds included).
    /// </summary>
    public static double[] Line(int h, int w, double c0, double r0, double c1, double r1)
    {
        var y = new double[h * w];
        if (c1 == c0) return y;
        var m = (r1 - r0) / (c1 - c0);
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
        {
            var dist = Math.Clamp(Math.Abs(r - (m * (c - c0) + r0)), 0, 2.3 - 1e-10);
            y[r * w + c] = Math.Clamp(Math.Log(1 - dist / 2.3) + 1, 0, 1);
        }
        var left = SliceEnd((long)Math.Floor(c0), w);
        var right = SliceEnd((long)Math.Ceiling(c1), w);
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
            if (c < left || c >= right) y[r * w + c] = 0;
        return y;
    }

    private static long SliceEnd(long bound, int length) => bound < 0 ? Math.Max(0, length + bound) : Math.Min(bound, length);
}
