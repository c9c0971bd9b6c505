using ActorSweep.Training.Metrics;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Networks;

[NonParallelizable]
public class ConvModelsTests
{
    // Conv-2/4/6: the LTH paper's Figure 2 architectures (its table prints 4.3 M, 2.4 M and 1.7 M; the
    // Conv-6 it describes — 256-256-pool, then fc 256 from 4×4×256 — has 2.26 M). ResNet-20: open_lth's 272,474.
    // VGG: open_lth's cifar_vgg with batch norm (Σ 9·in·out + out + 2·out per conv, + 512·10 + 10).
    [TestCase("conv-2", 4_301_642)]
    [TestCase("conv-4", 2_425_930)]
    [TestCase("conv-6", 2_262_602)]
    [TestCase("resnet-20", 272_474)]
    [TestCase("vgg-16", 14_728_266)]
    [TestCase("vgg-19", 20_040_522)]
    [TestCase("resnet-56", 855_770)]
    public void Cifar10Shapes_ParameterCounts_MatchThePapers(string name, long parameters)
    {
        using var model = ModelRegistry.Create(name, 3, 32, 32, 10);
        Assert.That(model.ParameterCount, Is.EqualTo(parameters));
        using var x = randn(2, 3, 32, 32);
        using var y = model.forward(x);
        Assert.That(y.shape, Is.EqualTo(new long[] { 2, 10 }));
    }

    [TestCase("resnet-20", 19 + 2 + 1)]
    [TestCase("resnet-56", 55 + 2 + 1)]
    [TestCase("vgg-16", 13 + 1)]
    [TestCase("conv-6", 6 + 3)]
    public void PrunableLayers_AreTheConvAndLinearWeights_NeverBatchNormOrBiases(string name, int count)
    {
        using var model = ModelRegistry.Create(name, 3, 32, 32, 10);
        var parameters = model.ParametersByName();
        Assert.That(model.PrunableLayers, Has.Count.EqualTo(count), "ResNet: every conv incl. the stem and the 2 projection shortcuts, and fc");
        foreach (var l in model.PrunableLayers)
        {
            Assert.That(parameters.ContainsKey(l.Name), l.Name);
            Assert.That(parameters[l.Name].shape, Is.EqualTo(l.Shape), l.Name);
            Assert.That(l.Name, Does.EndWith(".weight").And.Not.Contain("bn"));
        }
        Assert.That(model.PrunableLayers[^1].Kind, Is.EqualTo(LayerKind.Output));
    }

    [TestCase("conv-2")]
    [TestCase("resnet-20")]
    [TestCase("vgg-16")]
    public void Initialize_IsDeterministicPerGenerator_AndOneStepGivesAFiniteLoss(string name)
    {
        using var a = ModelRegistry.Create(name, 3, 32, 32, 10);
        using var b = ModelRegistry.Create(name, 3, 32, 32, 10);
        using (var g = new Generator(42)) a.Initialize(g);
        using (var g = new Generator(42)) b.Initialize(g);
        foreach (var (key, t) in a.state_dict())
            Assert.That(t.allclose(b.state_dict()[key], 0, 0), Is.True, key);
        using var optimizer = optim.SGD(a.parameters(), 0.01, momentum: 0.9);
        using var x = rand(4, 3, 32, 32, generator: new Generator(1));
        using var y = tensor(new long[] { 0, 1, 2, 3 });
        using var loss = nn.functional.cross_entropy(a.forward(x), y);
        loss.backward();
        optimizer.step();
        Assert.That(float.IsFinite(loss.item<float>()), Is.True);
    }

    [Test]
    public void Conv2_Flops_CountEachConvolutionPerOutputPosition()
    {
        using var model = ModelRegistry.Create("conv-2", 3, 32, 32, 10);
        var (layers, dense, sparse) = SparsityMetrics.Measure(model, Mask.Ones(model.PrunableLayers), 3, 32, 32);
        // conv1 3·64·9 and conv2 64·64·9 multiply-adds at each of 32×32 positions ("same" padding), then fc.
        Assert.That(layers[0].FlopsDense, Is.EqualTo(3 * 64 * 9 * 1024.0));
        Assert.That(layers[1].FlopsDense, Is.EqualTo(64 * 64 * 9 * 1024.0));
        Assert.That(layers[2].FlopsDense, Is.EqualTo(16384 * 256.0));
        Assert.That(dense, Is.EqualTo(sparse));
        Assert.That(model.DefaultRate(LayerKind.Conv), Is.EqualTo(0.1));
        using var vgg = ModelRegistry.Create("vgg-16", 3, 32, 32, 10);
        Assert.That(vgg.DefaultRate(LayerKind.Output), Is.EqualTo(0.0), "open_lth's VGG default leaves fc.weight unpruned");
        using var conv6 = ModelRegistry.Create("conv-6", 3, 32, 32, 10);
        Assert.That(conv6.DefaultRate(LayerKind.Conv), Is.EqualTo(0.15), "the paper's Conv-6 conv rate");
    }

    [Test]
    public void UnknownModels_FailByName()
    {
        Assert.That(ModelRegistry.IsKnown("resnet-21"), Is.False, "not 6n + 2");
        Assert.That(ModelRegistry.IsKnown("vgg-12"), Is.False);
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("conv-8", 3, 32, 32, 10))!;
        Assert.That(e.Message, Does.Contain("unknown model 'conv-8'").And.Contain("conv-6"));
    }
}
