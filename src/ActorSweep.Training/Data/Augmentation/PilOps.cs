namespace ActorSweep.Training.Data.Augmentation;

/// <summary>
/// The Pillow operations AugMix's list is made of, on one 8-bit H × W band (row-major), computed as Pillow computes them:
/// <c>ImageOps.autocontrast</c> (cutoff 0), <c>ImageOps.equalize</c>, <c>posterize</c>, <c>solarize</c>, and
/// <c>Image.transform(AFFINE, resample=BILINEAR)</c> — each output pixel (x, y) reads the input at
/// A·(x + ½, y + ½) by Pillow's bilinear filter (0 outside the image, edges clamped inside it, the result truncated to
/// 8 bits) — with <c>Image.rotate</c>'s matrix about the image's centre (w/2, h/2).
/// </summary>
internal static class PilOps
{
    /// <summary>Pillow's autocontrast with no cutoff: the band's lowest and highest used values stretched to 0 and 255.</summary>
    public static byte[] AutoContrast(byte[] x)
    {
        int lo = 255, hi = 0;
        foreach (var v in x) { if (v < lo) lo = v; if (v > hi) hi = v; }
        if (hi <= lo) return (byte[])x.Clone();
        var scale = 255.0 / (hi - lo);
        var offset = -lo * scale;
        var lut = new byte[256];
        for (var i = 0; i < 256; i++) lut[i] = (byte)Math.Clamp((int)(i * scale + offset), 0, 255);
        return Apply(x, lut);
    }

    /// <summary>Pillow's equalize: the cumulative histogram as a lookup table, in steps of (n − count of the last used value) / 255.</summary>
    public static byte[] Equalize(byte[] x)
    {
        var h = new int[256];
        foreach (var v in x) h[v]++;
        var used = h.Where(c => c > 0).ToList();
        if (used.Count <= 1) return (byte[])x.Clone();
        var step = (used.Sum() - used[^1]) / 255;
        if (step == 0) return (byte[])x.Clone();
        var lut = new byte[256];
        var n = step / 2;
        for (var i = 0; i < 256; i++)
        {
            lut[i] = (byte)Math.Min(255, n / step);
            n += h[i];
        }
        return Apply(x, lut);
    }

    /// <summary>Pillow's posterize: keeps the <paramref name="bits"/> highest bits of each value.</summary>
    public static byte[] Posterize(byte[] x, int bits)
    {
        var mask = (byte)~((1 << (8 - bits)) - 1);
        return x.Select(v => (byte)(v & mask)).ToArray();
    }

    /// <summary>Pillow's solarize: every value at or above <paramref name="threshold"/> inverted.</summary>
    public static byte[] Solarize(byte[] x, int threshold) => x.Select(v => v < threshold ? v : (byte)(255 - v)).ToArray();

    /// <summary>Pillow's <c>rotate(degrees, BILINEAR)</c>: counter-clockwise about (w/2, h/2), the same size, black outside.</summary>
    public static byte[] Rotate(byte[] x, int h, int w, double degrees)
    {
        var angle = -(degrees % 360.0) * Math.PI / 180.0;
        double cos = Math.Round(Math.Cos(angle), 15), sin = Math.Round(Math.Sin(angle), 15);
        var m = new[] { cos, sin, 0.0, -sin, cos, 0.0 };
        double cx = w / 2.0, cy = h / 2.0;
        m[2] = m[0] * -cx + m[1] * -cy + cx;
        m[5] = m[3] * -cx + m[4] * -cy + cy;
        return Affine(x, h, w, m);
    }

    /// <summary>Pillow's <c>transform(AFFINE, (a, b, c, d, e, f), BILINEAR)</c>: output (x, y) reads input (a·x′ + b·y′ + c, d·x′ + e·y′ + f) at x′ = x + ½, y′ = y + ½.</summary>
    public static byte[] Affine(byte[] x, int h, int w, double[] a)
    {
        var y = new byte[x.Length];
        for (var r = 0; r < h; r++)
        for (var c = 0; c < w; c++)
        {
            double xo = c + 0.5, yo = r + 0.5;
            var xin = a[0] * xo + a[1] * yo + a[2];
            var yin = a[3] * xo + a[4] * yo + a[5];
            y[r * w + c] = Bilinear(x, h, w, xin, yin);
        }
        return y;
    }

    /// <summary>Pillow's <c>bilinear_filter8</c> (0 for a point outside the image).</summary>
    private static byte Bilinear(byte[] x, int h, int w, double xin, double yin)
    {
        if (xin < 0 || xin >= w || yin < 0 || yin >= h) return 0;
        xin -= 0.5;
        yin -= 0.5;
        var xi = (int)Math.Floor(xin);
        var yi = (int)Math.Floor(yin);
        double dx = xin - xi, dy = yin - yi;
        int x0 = Math.Clamp(xi, 0, w - 1), x1 = Math.Clamp(xi + 1, 0, w - 1);
        var row = Math.Clamp(yi, 0, h - 1) * w;
        var v1 = x[row + x0] + (x[row + x1] - x[row + x0]) * dx;
        var v2 = v1;
        if (yi + 1 >= 0 && yi + 1 < h)
        {
            var next = (yi + 1) * w;
            v2 = x[next + x0] + (x[next + x1] - x[next + x0]) * dx;
        }
        return (byte)(v1 + (v2 - v1) * dy);
    }

    private static byte[] Apply(byte[] x, byte[] lut) => x.Select(v => lut[v]).ToArray();
}
