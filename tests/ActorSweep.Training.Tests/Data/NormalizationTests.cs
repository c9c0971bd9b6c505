using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Data;

/// <summary>Per-dataset input normalisation (open_lth's), applied once on the device; augmentation pads with a normalised black pixel.</summary>
public class NormalizationTests
{
    [Test]
    public void DeviceData_Normalised_IsPixelMinusMeanOverStd_PerChannel()
    {
        var pixels = new[] { 0f, 0.5f, 1f, 0.25f, 0f, 1f, 0.5f, 0.75f };   // 1 image, 2 channels of 2×2
        var d = new ImageDataset(pixels, new byte[] { 1 }, 2, 2, 2, 2);
        var splits = new DataSplits("t", d, d, d) { Normalization = new Normalization(new[] { 0.5f, 0.25f }, new[] { 0.25f, 0.5f }) };
        var data = DeviceData.For(splits, CPU, normalize: true);
        Assert.That(data.TrainX.data<float>().ToArray(), Is.EqualTo(new[] { -2f, 0f, 2f, -1f, -0.5f, 1.5f, 0.5f, 1f }));
        Assert.That(data.PadFill, Is.EqualTo(new[] { -2f, -0.5f }));
        var raw = DeviceData.For(splits, CPU, normalize: false);
        Assert.That(raw.TrainX.data<float>().ToArray(), Is.EqualTo(pixels));
        Assert.That(raw.PadFill, Is.Null);
    }

    [Test]
    public void Augmentation_PadsWithTheGivenFill_AndCropsFromThePaddedImage()
    {
        using var batch = ones(1, 2, 4, 4);
        using var g = new Generator(1);
        using var augmented = BatchAugmentation.Apply(batch, g, new[] { -2f, -0.5f });
        var values = augmented.data<float>().ToArray();
        Assert.That(values.Take(16).All(v => v is 1f or -2f), Is.True, "channel 0: image or its pad value");
        Assert.That(values.Skip(16).All(v => v is 1f or -0.5f), Is.True, "channel 1: image or its pad value");
    }

    [Test]
    public void Datasets_NormaliseAsOpenLth()
    {
        Assert.That(DatasetRegistry.Info("mnist").Normalization, Is.EqualTo(new Normalization(new[] { 0.1307f }, new[] { 0.3081f })).Using<Normalization>((a, b) => a.Mean.SequenceEqual(b.Mean) && a.Std.SequenceEqual(b.Std)));
        Assert.That(DatasetRegistry.Info("cifar10").Normalization.Mean, Is.EqualTo(new[] { 0.485f, 0.456f, 0.406f }));
        Assert.That(DatasetRegistry.Info("synthetic").Normalization.IsIdentity, Is.True);
    }

    [Test]
    public void FashionMnist_Statistics_AreItsTrainingSets()
    {
        var splits = DatasetRegistry.Load("fashion-mnist", 0);
        var p = splits.Train.Pixels;
        double mean = 0, sq = 0;
        foreach (var v in p) { mean += v; sq += (double)v * v; }
        mean /= p.Length;
        var std = Math.Sqrt(sq / p.Length - mean * mean);
        var n = DatasetRegistry.Info("fashion-mnist").Normalization;
        Assert.That(n.Mean[0], Is.EqualTo(mean).Within(5e-4));
        Assert.That(n.Std[0], Is.EqualTo(std).Within(5e-4));
    }

    [Test]
    public void ModelInputCheck_RefusesAModelTooLargeForTheImages()
    {
        Assert.That(ModelRegistry.CheckInput("vgg-11", new Core.Study.DatasetFacts(1, 28, 28, 10, 60_000)), Does.StartWith("model vgg-11 cannot take 1×28×28 images"));
        Assert.That(ModelRegistry.CheckInput("vgg-11", new Core.Study.DatasetFacts(3, 32, 32, 10, 50_000)), Is.Null);
        Assert.That(ModelRegistry.CheckInput("lenet-300-100", new Core.Study.DatasetFacts(1, 28, 28, 10, 60_000)), Is.Null);
    }
}
