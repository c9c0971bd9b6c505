using ActorSweep.Training.Data;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Data;

[NonParallelizable]
public class CifarTests
{
    private static byte[] Record(int label, int seed, bool hundred)
    {
        var r = new byte[(hundred ? 2 : 1) + 3072];
        if (hundred) { r[0] = (byte)(label / 5); r[1] = (byte)label; } else r[0] = (byte)label;
        var rng = new System.Random(seed);
        for (var i = r.Length - 3072; i < r.Length; i++) r[i] = (byte)rng.Next(256);
        return r;
    }

    private static string Folder(bool hundred, int perFile)
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-cifar").FullName;
        var files = hundred ? new[] { "train.bin", "test.bin" } : new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" };
        var k = 0;
        foreach (var f in files)
            File.WriteAllBytes(Path.Combine(dir, f), Enumerable.Range(0, perFile).SelectMany(i => Record((k++ * 7) % (hundred ? 100 : 10), k, hundred)).ToArray());
        return dir;
    }

    [Test]
    public void Cifar10_ReadsLabelsAndRgbPlanes_AndSplitsOffValidation()
    {
        var dir = Folder(hundred: false, perFile: 4);
        Environment.SetEnvironmentVariable("ACTORSWEEP_CIFAR10", dir);
        try
        {
            var source = CifarSource.Cifar10();
            var batch = source.Read(Path.Combine(dir, "data_batch_1.bin"));
            var bytes = File.ReadAllBytes(Path.Combine(dir, "data_batch_1.bin"));
            Assert.That(batch.Count, Is.EqualTo(4));
            Assert.That((batch.Channels, batch.Height, batch.Width, batch.Classes), Is.EqualTo((3, 32, 32, 10)));
            Assert.That(batch.Labels[1], Is.EqualTo(bytes[3073]));
            // Record 1: red plane first (row-major), then green at +1024, blue at +2048.
            Assert.That(batch.Pixels[3072 + 0], Is.EqualTo(bytes[3073 + 1] / 255f));
            Assert.That(batch.Pixels[3072 + 1024 + 33], Is.EqualTo(bytes[3073 + 1 + 1024 + 33] / 255f));
            var splits = source.Load(validationSize: 5);
            Assert.That(splits.Train.Count + splits.Validation.Count, Is.EqualTo(20));
            Assert.That(splits.Validation.Count, Is.EqualTo(5));
            Assert.That(splits.Test.Count, Is.EqualTo(4));
            Assert.That(splits.Augment, Is.True);
        }
        finally { Environment.SetEnvironmentVariable("ACTORSWEEP_CIFAR10", null); }
    }

    [Test]
    public void Cifar100_UsesTheFineLabel()
    {
        var dir = Folder(hundred: true, perFile: 3);
        var batch = CifarSource.Cifar100().Read(Path.Combine(dir, "train.bin"));
        var bytes = File.ReadAllBytes(Path.Combine(dir, "train.bin"));
        Assert.That(batch.Classes, Is.EqualTo(100));
        Assert.That(batch.Labels[2], Is.EqualTo(bytes[2 * 3074 + 1]));
        Assert.That(batch.Pixels[2 * 3072], Is.EqualTo(bytes[2 * 3074 + 2] / 255f));
    }

    [Test]
    public void MalformedOrMissingFiles_AreErrorsNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-cifar").FullName;
        var bad = Path.Combine(dir, "test_batch.bin");
        File.WriteAllBytes(bad, new byte[3072]);
        var e = Assert.Throws<InvalidDataException>(() => CifarSource.Cifar10().Read(bad))!;
        Assert.That(e.Message, Does.Contain(bad).And.Contain("3072 pixel bytes"));
        Environment.SetEnvironmentVariable("ACTORSWEEP_CIFAR10", dir);
        try
        {
            var m = Assert.Throws<FileNotFoundException>(() => CifarSource.Cifar10().Check())!;
            Assert.That(m.Message, Does.Contain(dir).And.Contain("data_batch_1.bin").And.Contain("cifar-10-binary.tar.gz"));
        }
        finally { Environment.SetEnvironmentVariable("ACTORSWEEP_CIFAR10", null); }
    }

    [Test]
    public void Augmentation_CropsWithinThePadding_FlipsHorizontally_AndIsSeeded()
    {
        using var batch = arange(2 * 3 * 32 * 32, float32).reshape(2, 3, 32, 32);
        using var a = BatchAugmentation.Apply(batch, new Generator(5));
        using var b = BatchAugmentation.Apply(batch, new Generator(5));
        Assert.That(a.shape, Is.EqualTo(batch.shape));
        Assert.That(a.allclose(b, 0, 0), Is.True, "same generator seed, same batch");
        // Each output image is a shifted (≤ 4 px) and possibly mirrored copy of its input, zero outside.
        for (var i = 0; i < 2; i++)
        {
            var found = false;
            for (var dy = -4; dy <= 4 && !found; dy++)
            for (var dx = -4; dx <= 4 && !found; dx++)
            foreach (var flip in new[] { false, true })
            {
                using var src = flip ? batch[i].flip(2) : batch[i].clone();
                using var padded = nn.functional.pad(src.unsqueeze(0), new long[] { 4, 4, 4, 4 }).squeeze(0);
                using var window = padded.narrow(1, 4 + dy, 32).narrow(2, 4 + (flip ? -dx : dx), 32);
                if (window.allclose(a[i], 0, 0)) { found = true; break; }
            }
            Assert.That(found, Is.True, $"image {i} is a padded crop (and maybe a flip) of its input");
        }
    }
}
