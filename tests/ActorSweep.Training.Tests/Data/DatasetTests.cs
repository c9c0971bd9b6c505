using ActorSweep.Training.Data;

namespace ActorSweep.Training.Tests.Data;

public class DatasetTests
{
    [Test]
    public void ValidationSplit_IsDeterministicDisjointAndSized()
    {
        var n = 1000;
        var data = new ImageDataset(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), new byte[n], 1, 1, 1, 10);
        var (train, val) = ValidationSplit.Split(data, 100, 0);
        var (train2, val2) = ValidationSplit.Split(data, 100, 0);
        Assert.That(val.Count, Is.EqualTo(100));
        Assert.That(train.Count, Is.EqualTo(900));
        Assert.That(val.Pixels, Is.EqualTo(val2.Pixels));
        Assert.That(train.Pixels.Intersect(val.Pixels), Is.Empty);
        Assert.That(train.Pixels.Concat(val.Pixels).Order(), Is.EqualTo(data.Pixels));
    }

    [Test]
    public void SplitMix64_IsPinned_SoSplitsAreTheSameOnEveryMachine()
    {
        var rng = new SplitMix64(0);
        Assert.That(rng.Next(), Is.EqualTo(0xE220A8397B1DCDAFUL), "the reference SplitMix64 output for seed 0");
    }

    [Test]
    public void Synthetic_IsDeterministicAndBalanced()
    {
        var a = new SyntheticSource().Load(200);
        var b = new SyntheticSource().Load(200);
        Assert.That(a.Train.Pixels, Is.EqualTo(b.Train.Pixels));
        Assert.That(a.Validation.Count, Is.EqualTo(200));
        Assert.That(a.Test.Labels.GroupBy(l => l).Select(g => g.Count()).Distinct().Single(), Is.EqualTo(60));
    }

    [Test]
    public void Registry_UnknownName_ListsTheKnownDatasets()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetRegistry.Load("cifar-1000", 0))!;
        Assert.That(e.Message, Does.Contain("fashion-mnist, mnist, synthetic"));
    }

    [Test]
    public void Cache_CorruptFile_IsReportedWithBothChecksums()
    {
        var root = Directory.CreateTempSubdirectory("actorsweep-cache").FullName;
        var previous = Environment.GetEnvironmentVariable("ACTORSWEEP_DATA");
        Environment.SetEnvironmentVariable("ACTORSWEEP_DATA", root);
        try
        {
            var sums = new Dictionary<string, string> { ["f.bin"] = new string('0', 64) };
            var e = Assert.Throws<InvalidDataException>(() => DataCache.Ensure("fake", sums, dir => File.WriteAllText(Path.Combine(dir, "f.bin"), "not it")))!;
            Assert.That(e.Message, Does.Contain("sha256 of f.bin is").And.Contain("expected 0000"));
            Assert.That(Directory.Exists(Path.Combine(root, "fake")) && Directory.GetFiles(Path.Combine(root, "fake")).Length > 0, Is.False, "nothing unverified is kept");
        }
        finally { Environment.SetEnvironmentVariable("ACTORSWEEP_DATA", previous); }
    }

    [Test]
    public void Cache_MissingTool_SaysWhichToolIsNeeded()
    {
        var e = Assert.Throws<InvalidOperationException>(() => DataCache.RunTool("actorsweep-no-such-tool", "", Path.GetTempPath(), "fetching X"))!;
        Assert.That(e.Message, Does.Contain("needs the 'actorsweep-no-such-tool' command"));
    }

    [Test]
    [Category("RealData")]
    public void Mnist_FromTheNpmPackage_HasTheOriginalSplitsAfterHoldingOutValidation()
    {
        var d = DatasetRegistry.Load("mnist", 5000);
        Assert.That((d.Train.Count, d.Validation.Count, d.Test.Count), Is.EqualTo((55_000, 5_000, 10_000)));
        Assert.That((d.Train.Height, d.Train.Width), Is.EqualTo((28, 28)));
        var all = d.Train.Labels.Concat(d.Validation.Labels).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(all[1], Is.EqualTo(6742), "MNIST's training set has 6,742 ones");
        Assert.That(d.Test.Labels.Count(l => l == 0), Is.EqualTo(980));
    }

    [Test]
    [Category("RealData")]
    public void FashionMnist_FromTheDebianPackage_HasBalancedClasses()
    {
        var d = DatasetRegistry.Load("fashion-mnist", 5000);
        Assert.That((d.Train.Count, d.Validation.Count, d.Test.Count), Is.EqualTo((55_000, 5_000, 10_000)));
        Assert.That(d.Test.Labels.GroupBy(l => l).Select(g => g.Count()).Distinct().Single(), Is.EqualTo(1000));
    }
}
