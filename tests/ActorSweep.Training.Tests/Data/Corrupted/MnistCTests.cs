using System.Security.Cryptography;
using ActorSweep.Core.Robustness;
using ActorSweep.Training.Data;
using ActorSweep.Training.Data.Corrupted;

namespace ActorSweep.Training.Tests.Data.Corrupted;

/// <summary>
/// MNIST-C's corruptions: each one's images pinned by a checksum (a changed corruption changes every robustness figure, like a
/// changed random stream), the exact ones checked pixel by pixel, and the sets the same however they are made.
/// </summary>
public class MnistCTests
{
    /// <summary>SHA-256 of the 8-bit images of <see cref="Digits"/> under each corruption at MNIST-C's severity.</summary>
    private static readonly Dictionary<string, string> Pinned = new()
    {
        ["shot-noise"] = "4b8b0b7b49dd08821b8f91922604c47be1ffc2b108a6d48a315f8c06cb7ffd9d",
        ["impulse-noise"] = "91991e6bea29f4d5ba00cce49099b9c3f78fec9d243218a00187ff8a7fcf43a2",
        ["glass-blur"] = "d051d03911d01ecf3b706c51ffaee145d19b0f7df20e2e6668c52f2499618b5b",
        ["motion-blur"] = "cdac3973d6ee955b9b21cf8b471668bc0b9dcdbaab99fab01c44cc45458030a1",
        ["shear"] = "903c59007736d8086a6eea370e7930063e7d9d5bd10339eb1aedcfcf3bf359c8",
        ["scale"] = "2f68e3bdb57b99646500639d734331d09d927c711c3a98c8f8aa26f4f74ac240",
        ["rotate"] = "55e2af803ca85db96292d7fc7bdce3983b4bdd1ffdcf0b11b63cd50e097aa262",
        ["brightness"] = "bd21b7ddb1bc1e6fdd51e76cf7f54e11a3d3879db67d38e5a78938dbff2022da",
        ["translate"] = "864d629f0b84c1c9841f31883488c92b7aacf313a5482d27c00baa65d4fce0a6",
        ["stripe"] = "263d80e1f18933ab665239878f60bb651909c7a5ea9069d31a243c439804930c",
        ["fog"] = "e39841a96aaf8350e56ef6ddeb1f1f3f0430cba0f6bbaaf69c16da0dc37c5b73",
        ["spatter"] = "ede9b0acf8780e354c6e8775a3c6a1cabc8072b758f4cb90a8df0eed19398e63",
        ["dotted-line"] = "6b38ecdb16541fe7c6e42a3dcec1ae560ba299c612e413e38fa128f0b7fce0cd",
        ["zigzag"] = "1e677013105bd58382a305722fc0c1b1bf27bfd2e04b10dc49011e153d929394",
    };

    /// <summary>24 deterministic 28 × 28 "digits": a few bright strokes on black, in 8-bit steps as MNIST's pixels are.</summary>
    private static ImageDataset Digits()
    {
        const int n = 24, side = 28;
        var pixels = new float[n * side * side];
        for (var i = 0; i < n; i++)
        {
            var rng = new SplitMix64((ulong)i + 1);
            for (var stroke = 0; stroke < 3; stroke++)
            {
                double r0 = 6 + rng.NextInt(16), c0 = 6 + rng.NextInt(16), r1 = 6 + rng.NextInt(16), c1 = 6 + rng.NextInt(16);
                for (var t = 0; t <= 40; t++)
                {
                    double r = r0 + (r1 - r0) * t / 40, c = c0 + (c1 - c0) * t / 40;
                    for (var dr = -1; dr <= 1; dr++)
                    for (var dc = -1; dc <= 1; dc++)
                    {
                        var p = i * side * side + (int)Math.Round(r + dr) * side + (int)Math.Round(c + dc);
                        pixels[p] = Math.Max(pixels[p], dr == 0 && dc == 0 ? 1f : 200f / 255f);
                    }
                }
            }
        }
        return new ImageDataset(pixels, Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray(), 1, side, side, 10);
    }

    private static readonly ImageDataset Test = Digits();

    [TestCaseSource(typeof(Corruptions), nameof(Corruptions.Names))]
    public void EveryCorruption_GivesThePinnedImages(string corruption)
    {
        var bytes = CorruptedTestSets.Bytes(Test, corruption, Corruptions.SeverityOf(corruption, 0));
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.That(digest, Is.EqualTo(Pinned.TryGetValue(corruption, out var pinned) ? pinned : "(not pinned)"),
            $"the images of {corruption} changed: every robustness figure of a study that measures it changes too; if that is meant, pin the new digest and say so");
        Assert.That(bytes.Zip(Test.Pixels, (b, p) => b != (byte)Math.Round(p * 255)).Any(d => d), Is.True, "the corruption changes the images");
    }

    [Test]
    public void ExactCorruptions_ArePixelForPixelTheReferencesFormulas()
    {
        byte Clean(int i, int r, int c) => (byte)Math.Round(Test.Pixels[i * 784 + r * 28 + c] * 255);
        var stripe = CorruptedTestSets.Bytes(Test, "stripe", 0);
        var bright = CorruptedTestSets.Bytes(Test, "brightness", 5);
        for (var i = 0; i < Test.Count; i++)
        for (var r = 0; r < 28; r++)
        for (var c = 0; c < 28; c++)
        {
            var clean = Clean(i, r, c);
            Assert.That(stripe[i * 784 + r * 28 + c], Is.EqualTo(c is < 7 or >= 21 ? 255 - clean : clean), $"stripe: columns 0–6 and 21–27 inverted ({i}, {r}, {c})");
            Assert.That(bright[i * 784 + r * 28 + c], Is.EqualTo((byte)Math.Floor(Math.Min(clean / 255.0 + 0.5, 1) * 255)), "brightness 5: + 0.5, clipped");
        }
    }

    [Test]
    public void Translate_MovesEveryImageByThreePixelsAlongEachAxis()
    {
        var moved = CorruptedTestSets.Bytes(Test, "translate", 3);
        for (var i = 0; i < Test.Count; i++)
        {
            var image = moved.AsSpan(i * 784, 784).ToArray();
            var found = (from dy in new[] { -3, 3 } from dx in new[] { -3, 3 }
                         where Enumerable.Range(0, 784).All(p =>
                         {
                             int r = p / 28, c = p % 28, sr = r + dy, sc = c + dx;
                             var expected = sr is >= 0 and < 28 && sc is >= 0 and < 28 ? (byte)Math.Round(Test.Pixels[i * 784 + sr * 28 + sc] * 255) : 0;
                             return image[p] == expected;
                         })
                         select (dx, dy)).ToList();
            Assert.That(found, Has.Count.EqualTo(1), $"image {i} is the clean image shifted by (±3, ±3), the border black");
        }
    }

    [Test]
    public void ShotNoise_KeepsTheMeanBrightness_AndImpulseNoiseFlipsAboutItsAmount()
    {
        var shot = CorruptedTestSets.Bytes(Test, "shot-noise", 5);
        var clean = Test.Pixels.Average();
        // E[min(Poisson(3x)/3, 1)] per pixel, from the Poisson probabilities.
        static double Expected(double x)
        {
            double p = Math.Exp(-3 * x), sum = 0, below = 0;
            for (var k = 0; k < 3; k++) { sum += p * k / 3; below += p; p *= 3 * x / (k + 1); }
            return sum + (1 - below);
        }
        Assert.That(shot.Average(b => b / 255.0), Is.EqualTo(Test.Pixels.Average(v => Expected(Math.Round(v * 255) / 255))).Within(0.02 * clean),
            "Poisson(λ = 3x)/3, clipped at 1");
        var impulse = CorruptedTestSets.Bytes(Test, "impulse-noise", 4);
        var changed = Enumerable.Range(0, impulse.Length).Count(p => impulse[p] != (byte)Math.Round(Test.Pixels[p] * 255)) / (double)impulse.Length;
        double notWhite = Test.Pixels.Count(v => v < 1) / (double)Test.Pixels.Length, notBlack = Test.Pixels.Count(v => v > 0) / (double)Test.Pixels.Length;
        Assert.That(changed, Is.EqualTo(0.17 * (0.5 * notWhite + 0.5 * notBlack)).Within(0.01), "0.17 of the pixels set to 1 or to 0 with even odds");
    }

    [Test]
    public void CorruptedSets_AreTheSameWhenMadeAgain_AndEachImageHasItsOwnDraw()
    {
        var fresh = new ImageDataset((float[])Test.Pixels.Clone(), Test.Labels, 1, 28, 28, 10);   // another instance: not the cached set
        Assert.That(CorruptedTestSets.Bytes(fresh, "fog", 5), Is.EqualTo(CorruptedTestSets.Bytes(Test, "fog", 5)), "made in parallel, the same bytes");
        var image = Test.Pixels.AsSpan(0, 784);
        var a = MnistC.Apply(image, 28, 28, "fog", 5, new SplitMix64(CorruptedTestSets.SeedOf("fog", 5, 0)));
        var b = MnistC.Apply(image, 28, 28, "fog", 5, new SplitMix64(CorruptedTestSets.SeedOf("fog", 5, 1)));
        Assert.That(a, Is.Not.EqualTo(b), "image 0 and image 1 draw different fog");
        Assert.That(CorruptedTestSets.SeedOf("fog", 5, 0), Is.Not.EqualTo(CorruptedTestSets.SeedOf("fog", 4, 0)));
    }

    [Test]
    public void MultiChannelImages_AreRefusedByName()
    {
        var rgb = new ImageDataset(new float[2 * 3 * 4 * 4], new byte[2], 3, 4, 4, 10);
        Assert.That(() => CorruptedTestSets.Bytes(rgb, "fog", 5), Throws.ArgumentException.With.Message.Contains("single-channel"));
    }
}
