using ActorSweep.Core.Study;
using ActorSweep.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Networks;

/// <summary><c>training.init = pytorch</c>: torch.nn's own layer defaults, the init sparse_learning's models train from.</summary>
[NonParallelizable]
public class TorchDefaultInitTests
{
    [Test]
    public void LeNet_WeightsAndBiases_AreUniformWithinOneOverRootFanIn_WithTheUniformsVariance()
    {
        using var model = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using (var g = new Generator(5)) model.Initialize(g, Initializers.Pytorch);
        var p = model.ParametersByName();
        foreach (var (name, fanIn) in new[] { ("layers.0", 784), ("layers.1", 300), ("layers.2", 100) })
        {
            var bound = 1 / Math.Sqrt(fanIn);
            var w = p[$"{name}.weight"];
            var b = p[$"{name}.bias"];
            Assert.That(w.abs().max().item<float>(), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.95 * bound), name);
            Assert.That(b.abs().max().item<float>(), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.5 * bound), $"{name}: biases are drawn too, not zero");
            Assert.That(w.var().item<float>(), Is.EqualTo(bound * bound / 3).Within(5).Percent, $"{name}: U(−a, a) has variance a²/3");
            Assert.That(Math.Abs(w.mean().item<float>()), Is.LessThan(0.05 * bound), name);
        }
    }

    [Test]
    public void DiffersFromTheModelsOwnInit_GlorotNormalWithZeroBiases_AndIsDeterministicPerGenerator()
    {
        using var own = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using var torchA = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using var torchB = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using (var g = new Generator(5)) own.Initialize(g, Initializers.Model);
        using (var g = new Generator(5)) torchA.Initialize(g, Initializers.Pytorch);
        using (var g = new Generator(5)) torchB.Initialize(g, Initializers.Pytorch);
        var o = own.ParametersByName();
        var a = torchA.ParametersByName();
        var b = torchB.ParametersByName();
        Assert.That(o["layers.0.bias"].abs().sum().item<float>(), Is.EqualTo(0f), "the LTH LeNet starts with zero biases");
        Assert.That(o["layers.0.weight"].std().item<float>(), Is.EqualTo(Math.Sqrt(2.0 / (784 + 300))).Within(3).Percent, "Glorot normal");
        foreach (var key in a.Keys) Assert.That(a[key].allclose(b[key], 0, 0), Is.True, key);
        Assert.That(a["layers.0.weight"].allclose(o["layers.0.weight"], 0, 0), Is.False);
    }

    [Test]
    public void BatchNorm_IsOneAndZero_ConvWeightsUseTheirFullFanIn()
    {
        using var model = ModelRegistry.Create("resnet-20", 3, 32, 32, 10);
        using (var g = new Generator(5)) model.Initialize(g, Initializers.Pytorch);
        foreach (var (_, m) in model.named_modules())
        {
            if (m is BatchNorm bn)
            {
                Assert.That(bn.weight!.eq(1).all().item<bool>() && bn.bias!.eq(0).all().item<bool>(), Is.True);
            }
            else if (m is Conv2d c)
            {
                var fanIn = c.weight!.shape[1] * c.weight.shape[2] * c.weight.shape[3];
                Assert.That(c.weight.abs().max().item<float>(), Is.LessThanOrEqualTo(1 / Math.Sqrt(fanIn)));
            }
        }
    }

    [Test]
    public void UnknownInitialiser_IsRefusedByName()
    {
        using var model = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using var g = new Generator(5);
        var e = Assert.Throws<ArgumentException>(() => model.Initialize(g, "xavier"))!;
        Assert.That(e.Message, Does.Contain("'xavier'").And.Contain("model, pytorch"));
    }
}
