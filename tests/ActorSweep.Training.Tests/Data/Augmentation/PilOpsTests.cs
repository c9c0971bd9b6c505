using System.Security.Cryptography;
using ActorSweep.Training.Data.Augmentation;

namespace ActorSweep.Training.Tests.Data.Augmentation;

/// <summary>
/// AugMix's operations against Pillow itself: the digests are those of Pillow 9.4.0 (Debian's python3-pil) on the same
/// 28 × 28 image, made by <c>ImageOps.autocontrast</c>, <c>equalize</c>, <c>posterize</c>, <c>solarize</c>,
/// <c>Image.rotate(…, BILINEAR)</c> and <c>Image.transform(AFFINE, …, BILINEAR)</c> — byte for byte.
/// </summary>
public class PilOpsTests
{
    private const int H = 28, W = 28;

    /// <summary>A ring and a gradient bar on black, as the Python script draws it.</summary>
    private static byte[] Image()
    {
        var px = new byte[H * W];
        for (var r = 0; r < H; r++)
        for (var c = 0; c < W; c++)
        {
            var d = Math.Sqrt((r - 13.5) * (r - 13.5) + (c - 12) * (c - 12));
            var v = 0;
            if (d is >= 6 and <= 9) v = (int)(255 - Math.Abs(d - 7.5) * 60);
            if (r is >= 18 and <= 21 && c is >= 5 and <= 22) v = Math.Max(v, (c * 11 + r * 3) % 256);
            px[r * W + c] = (byte)Math.Clamp(v, 0, 255);
        }
        return px;
    }

    private static string Sha(byte[] b) => Convert.ToHexString(SHA256.HashData(b)).ToLowerInvariant();

    [Test]
    public void TheTestImage_IsThePythonScripts()
    {
        Assert.That(Sha(Image()), Is.EqualTo("f6f07d4e054873b6daf8de6c8e758211e8644e293a1cb1f413944c5433cb8cac"));
        Assert.That(Sha(Image().Select(v => (byte)(40 + v / 3)).ToArray()), Is.EqualTo("39887f3f28116e77e4d25fe3f73348130014adc602436d082e9d1477738962ca"));
    }

    [TestCase("autocontrast", "f6f07d4e054873b6daf8de6c8e758211e8644e293a1cb1f413944c5433cb8cac")]
    [TestCase("equalize", "ed689c9794adb23ecd48ef9fe03288070b5c13b0dbe18141a96325c86f207286")]
    [TestCase("posterize3", "0e8bd7676cc660838553e4556f9a43340232ef56e6e5d8bdf692e0c1f1505401")]
    [TestCase("solarize200", "088807e5dc377a759557487adc591afa03018a90748b19805cd3ac227262a991")]
    [TestCase("rotate17", "918c57c68db631d62037a9132096081f11f7bdce7b9a90ba600668e0369ecc19")]
    [TestCase("rotate-23", "bbe41a4f4919d3cd754eaa8bbf169a16fdf8079401476a32920de7ba4e90c823")]
    [TestCase("shearx", "66a94f81781e32d769f5ee945429579a5807381cf3a9266ad8d577ed06cbd8bb")]
    [TestCase("sheary", "77ad44c231ff24364dbe6c58bef10fc57691e20c26009a5694dc32568f473e87")]
    [TestCase("translatex", "7d214b17ed4db483f715a0758f0d297977e0bf5412a3e2ef19426ccd8b5c01d9")]
    [TestCase("translatey", "20b34b3c85fcf1c0bb4d6acd4f3ca282dd00139bd797051b71cb8bc5a072a9a3")]
    [TestCase("autocontrast2", "2e855eaedb99b61624e90c78b1a363031d9fdcba0aeef0a0aa972153116bda42")]
    [TestCase("equalize2", "5eb8ee4b12ee9ae81515353f925dd2cb97abe1dbe419f082e4eca7704e83bc2d")]
    public void EachOperation_IsPillowsByteForByte(string operation, string pillowDigest)
    {
        var x = Image();
        var low = x.Select(v => (byte)(40 + v / 3)).ToArray();
        var y = operation switch
        {
            "autocontrast" => PilOps.AutoContrast(x),
            "equalize" => PilOps.Equalize(x),
            "posterize3" => PilOps.Posterize(x, 3),
            "solarize200" => PilOps.Solarize(x, 200),
            "rotate17" => PilOps.Rotate(x, H, W, 17),
            "rotate-23" => PilOps.Rotate(x, H, W, -23),
            "shearx" => PilOps.Affine(x, H, W, new[] { 1, 0.21, 0, 0, 1, 0 }),
            "sheary" => PilOps.Affine(x, H, W, new[] { 1, 0, 0, -0.17, 1, 0 }),
            "translatex" => PilOps.Affine(x, H, W, new double[] { 1, 0, 5, 0, 1, 0 }),
            "translatey" => PilOps.Affine(x, H, W, new double[] { 1, 0, 0, 0, 1, -4 }),
            "autocontrast2" => PilOps.AutoContrast(low),
            "equalize2" => PilOps.Equalize(low),
            _ => throw new ArgumentException(operation),
        };
        Assert.That(Sha(y), Is.EqualTo(pillowDigest));
    }
}
