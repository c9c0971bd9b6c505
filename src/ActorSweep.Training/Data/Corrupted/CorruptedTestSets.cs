using System.Collections.Concurrent;
using ActorSweep.Core.Robustness;

namespace ActorSweep.Training.Data.Corrupted;

/// <summary>
/// Corrupted copies of a test split, made once per process and kept as the 8-bit images MNIST-C stores (a tenth of MNIST's
/// test split as floats per corruption), shared by every slot. Image i of corruption k at severity s draws from its own
/// generator seeded by (k, s, i): the same images on every machine, for every task and slot count.
/// </summary>
public static class CorruptedTestSets
{
    private static readonly ConcurrentDictionary<(ImageDataset, string, int), Lazy<byte[]>> Cache = new();

    /// <summary>The seed of image <paramref name="index"/> of a corruption at a severity (pinned by the checksum test).</summary>
    public static ulong SeedOf(string corruption, int severity, int index) => SeedOf(NumberOf(corruption), severity, index);

    private static ulong SeedOf(int number, int severity, int index) =>
        ((ulong)(number + 1) << 40) ^ ((ulong)severity << 32) ^ (ulong)index ^ 0x4D4E4953_54432D43UL;   // "MNISTC-C"

    private static int NumberOf(string corruption)
    {
        var k = Corruptions.Names.ToList().IndexOf(corruption);
        return k >= 0 ? k : throw new ArgumentException($"unknown corruption '{corruption}'; known: {string.Join(", ", Corruptions.Names)}", nameof(corruption));
    }

    /// <summary>The 8-bit pixels (N × H × W) of <paramref name="test"/> under a corruption at a severity (0 for one without).</summary>
    public static byte[] Bytes(ImageDataset test, string corruption, int severity)
    {
        if (test.Channels != 1) throw new ArgumentException($"MNIST-C's corruptions are defined on single-channel images; this test split has {test.Channels} channels");
        return Cache.GetOrAdd((test, corruption, severity), _ => new Lazy<byte[]>(() => Make(test, corruption, severity))).Value;
    }

    /// <summary>The corrupted test split as pixels in [0, 1] with the split's labels.</summary>
    public static ImageDataset Of(ImageDataset test, string corruption, int severity)
    {
        var bytes = Bytes(test, corruption, severity);
        return new ImageDataset(Array.ConvertAll(bytes, b => b / 255f), test.Labels, 1, test.Height, test.Width, test.Classes);
    }

    private static byte[] Make(ImageDataset test, string corruption, int severity)
    {
        var size = test.ExampleSize;
        var number = NumberOf(corruption);
        var result = new byte[(long)test.Count * size];
        Parallel.For(0, test.Count, i =>
        {
            var image = MnistC.Apply(test.Pixels.AsSpan(i * size, size), test.Height, test.Width, corruption, severity, new SplitMix64(SeedOf(number, severity, i)));
            for (var p = 0; p < size; p++) result[(long)i * size + p] = (byte)Math.Round(image[p] * 255f);
        });
        return result;
    }
}
