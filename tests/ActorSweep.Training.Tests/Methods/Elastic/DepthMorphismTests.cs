using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Methods.Elastic;
using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.Elastic;

/// <summary>
/// Elastic LTH's depth morphism on hand-checkable cases: which source tensor each target tensor comes from,
/// for weights, batch-norm statistics and masks, and the count of kept weights that follows.
/// </summary>
public class DepthMorphismTests
{
    private static Dictionary<string, StoredTensor> StateOf(SparseNet model) =>
        model.state_dict().ToDictionary(p => p.Key, p => new StoredTensor(p.Value.shape,
            p.Value.dtype == ScalarType.Int64 ? p.Value.data<long>().ToArray() : p.Value.data<float>().ToArray()));

    /// <summary>A random 0/1 mask per prunable layer (about half kept), from a seed.</summary>
    private static Dictionary<string, StoredTensor> RandomMask(SparseNet model, int seed)
    {
        var random = new Random(seed);
        return model.PrunableLayers.ToDictionary(l => l.Name, l => new StoredTensor(l.Shape,
            Enumerable.Range(0, (int)l.Count).Select(_ => random.Next(2) == 0 ? 0f : 1f).ToArray()));
    }

    private static SparseNet Initialised(string name, int seed)
    {
        var model = ModelRegistry.Create(name, 1, 28, 28, 10);
        using var g = new Generator((ulong)seed);
        model.Initialize(g);
        return model;
    }

    private static long NonZeros(IReadOnlyDictionary<string, StoredTensor> mask, Func<string, bool> which) =>
        mask.Where(p => which(p.Key)).Sum(p => ((float[])p.Value.Data).LongCount(v => v != 0f));

    [Test]
    public void ResNet14ToResNet20_CopiesBlock2sPlus1IntoBlocks3sPlus1And3sPlus2_AndBlock2sInto3s()
    {
        using var source = Initialised("resnet-14", 1);
        var (morphism, error) = DepthMorphism.Between("resnet-14", "resnet-20", "0:0;1:1,2");
        Assert.That(error, Is.Null);
        var weights = StateOf(source);
        var mask = RandomMask(source, 7);
        var (mappedWeights, mappedMask) = ElasticTrainer.Map(morphism!, weights, mask, shuffleCopies: null);

        using var target = ModelRegistry.Create("resnet-20", 1, 28, 28, 10);
        Assert.That(mappedWeights.Keys, Is.EquivalentTo(target.state_dict().Keys), "every target tensor is written, buffers included");
        Assert.That(mappedMask.Keys, Is.EquivalentTo(target.PrunableLayers.Select(l => l.Name)));
        for (var stage = 0; stage < 3; stage++)
        {
            foreach (var (key, value) in weights.Where(w => w.Key.StartsWith($"blocks.{2 * stage}.", StringComparison.Ordinal)))
                Assert.That(mappedWeights[key.Replace($"blocks.{2 * stage}.", $"blocks.{3 * stage}.")].Data, Is.EqualTo(value.Data), $"{key} → block {3 * stage}");
            foreach (var (key, value) in weights.Where(w => w.Key.StartsWith($"blocks.{2 * stage + 1}.", StringComparison.Ordinal)))
                foreach (var t in new[] { 3 * stage + 1, 3 * stage + 2 })
                    Assert.That(mappedWeights[key.Replace($"blocks.{2 * stage + 1}.", $"blocks.{t}.")].Data, Is.EqualTo(value.Data), $"{key} → block {t}");
            foreach (var (key, value) in mask.Where(w => w.Key.StartsWith($"blocks.{2 * stage + 1}.", StringComparison.Ordinal)))
                foreach (var t in new[] { 3 * stage + 1, 3 * stage + 2 })
                    Assert.That(mappedMask[key.Replace($"blocks.{2 * stage + 1}.", $"blocks.{t}.")].Data, Is.EqualTo(value.Data), $"mask {key} → block {t}");
        }
        foreach (var key in new[] { "conv.weight", "bn.weight", "bn.running_mean", "fc.weight", "fc.bias" })
            Assert.That(mappedWeights[key].Data, Is.EqualTo(weights[key].Data), $"{key} is copied as it is");
        Assert.That(mappedWeights["blocks.6.shortcut_conv.weight"].Data, Is.EqualTo(weights["blocks.4.shortcut_conv.weight"].Data), "stage 3's down-sampling block keeps its shortcut");

        // Kept weights: every source weight once, plus a second copy of each stage's block 1.
        var sourceKept = NonZeros(mask, _ => true);
        var extra = NonZeros(mask, k => k.StartsWith("blocks.1.", StringComparison.Ordinal) || k.StartsWith("blocks.3.", StringComparison.Ordinal) || k.StartsWith("blocks.5.", StringComparison.Ordinal));
        Assert.That(NonZeros(mappedMask, _ => true), Is.EqualTo(sourceKept + extra));
    }

    [Test]
    public void RandomCopies_ShuffleEveryLaterCopyWithinItsTensor_AndKeepTheFirst()
    {
        using var source = Initialised("resnet-14", 1);
        var (morphism, _) = DepthMorphism.Between("resnet-14", "resnet-20", null);
        var mask = RandomMask(source, 7);
        var (_, shuffled) = ElasticTrainer.Map(morphism!, StateOf(source), mask, shuffleCopies: 42);
        var (_, again) = ElasticTrainer.Map(morphism!, StateOf(source), mask, shuffleCopies: 42);
        Assert.That(morphism!.Mapping.ToString(), Is.EqualTo("0:0;1:1,2"), "the default stretch");
        foreach (var stage in new[] { 0, 1, 2 })
        {
            var src = (float[])mask[$"blocks.{2 * stage + 1}.conv1.weight"].Data;
            var first = (float[])shuffled[$"blocks.{3 * stage + 1}.conv1.weight"].Data;
            var second = (float[])shuffled[$"blocks.{3 * stage + 2}.conv1.weight"].Data;
            Assert.That(first, Is.EqualTo(src), "the first copy keeps the ticket's mask");
            Assert.That(second, Is.Not.EqualTo(src), "the second copy is shuffled");
            Assert.That(second.Count(v => v != 0f), Is.EqualTo(src.Count(v => v != 0f)), "shuffling keeps the tensor's count");
        }
        Assert.That(shuffled.Keys.All(k => ((float[])shuffled[k].Data).SequenceEqual((float[])again[k].Data)), Is.True, "the same seed gives the same shuffles");
    }

    [Test]
    public void MlpFamily_CopiesHiddenLayersByIndex_AndTheOutputLayerToTheOutputLayer()
    {
        using var source = Initialised("lenet-8-8", 3);
        var (stretch, error) = DepthMorphism.Between("lenet-8-8", "lenet-8-8-8-8", null);
        Assert.That(error, Is.Null);
        Assert.That(stretch!.Mapping.ToString(), Is.EqualTo("0:0;1:1,2,3"));
        var w = StateOf(source);
        var (mapped, _) = ElasticTrainer.Map(stretch, w, RandomMask(source, 1), null);
        Assert.That(mapped["layers.0.weight"].Data, Is.EqualTo(w["layers.0.weight"].Data));
        foreach (var t in new[] { 1, 2, 3 }) Assert.That(mapped[$"layers.{t}.weight"].Data, Is.EqualTo(w["layers.1.weight"].Data));
        Assert.That(mapped["layers.4.weight"].Data, Is.EqualTo(w["layers.2.weight"].Data), "output layer 2 of the source is output layer 4 of the target");
        Assert.That(mapped.Keys, Is.EquivalentTo(new[] { 0, 1, 2, 3, 4 }.SelectMany(i => new[] { $"layers.{i}.weight", $"layers.{i}.bias" })));

        var (squeeze, _) = DepthMorphism.Between("lenet-8-8-8-8", "lenet-8-8", null);
        Assert.That(squeeze!.Mapping.ToString(), Is.EqualTo("0:0;3:1"), "keep block 0 and every third block");
        using var deep = Initialised("lenet-8-8-8-8", 4);
        var dw = StateOf(deep);
        var (back, _) = ElasticTrainer.Map(squeeze, dw, RandomMask(deep, 2), null);
        Assert.That(back["layers.1.weight"].Data, Is.EqualTo(dw["layers.3.weight"].Data));
        Assert.That(back["layers.2.bias"].Data, Is.EqualTo(dw["layers.4.bias"].Data));
    }

    [TestCase("vgg-11", "vgg-13", "not vgg-11")]
    [TestCase("lenet-300-100", "lenet-300-100-100", "not lenet-300-100")]
    [TestCase("lenet-8-8", "lenet-16-16", "different hidden widths")]
    [TestCase("resnet-20", "lenet-8-8", "not members of one family")]
    [TestCase("resnet-8", "resnet-20", "no default stretch from 1 to 3")]
    [TestCase("resnet-32", "resnet-44", "no default stretch from 5 to 7")]
    public void ModelsWithoutADepthMorphism_AreRefusedWithTheReason(string from, string to, string reason) =>
        Assert.That(DepthMorphism.Check(from, to, null), Does.Contain(reason));

    [Test]
    public void ResNetsTakeMnistShapedImages()
    {
        var facts = new ActorSweep.Core.Study.DatasetFacts(1, 28, 28, 10, 60_000);
        foreach (var model in new[] { "resnet-8", "resnet-14", "resnet-20" })
            Assert.That(ModelRegistry.CheckInput(model, facts), Is.Null, model);
    }
}
