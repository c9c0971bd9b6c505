using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Methods.Imp;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;

namespace ActorSweep.Training.Tests.Methods;

/// <summary>Release 2's corrections against the reference code, each on a case small enough to check by hand.</summary>
[NonParallelizable]
public class FidelityTests
{
    [Test]
    public void GlobalPruning_LeavesTheOutputLayerAloneWhereTheModelDoes_UnlessTheStudySays()
    {
        // Every output weight is the smallest in magnitude: pruning 20 % globally takes them first, unless excluded.
        using var lenet = new LeNet("lenet-4-2", 4, new[] { 4, 2 }, 3);
        var layers = lenet.PrunableLayers;
        var weights = layers.ToDictionary(l => l.Name, l => Enumerable.Repeat(l.Kind == LayerKind.Output ? 0.01f : 1f, (int)l.Count).Select((w, i) => w + i * 1e-4f).ToArray());
        var ones = Mask.Ones(layers);
        var options = new MagnitudePruningOptions(MagnitudePruningOptions.Global, null, null, null, 0.2, null);
        var byModel = ImpTrainer.Prune(lenet, ones, weights, options);
        Assert.That(lenet.ExcludesOutputFromGlobalPruning, Is.True, "open_lth's mnist_lenet ignores fc.weight");
        Assert.That(byModel.Kept(layers[^1].Name), Is.EqualTo(layers[^1].Count), "LeNet's output layer is not ranked");
        Assert.That(byModel.TotalKept, Is.EqualTo(ones.TotalKept - (long)Math.Ceiling(0.2 * (16 + 8))));
        var included = ImpTrainer.Prune(lenet, ones, weights, options with { ExcludeOutput = false });
        Assert.That(included.Kept(layers[^1].Name), Is.EqualTo(0), "all 6 output weights are among the 8 smallest of 30");
        using var resnet = ModelRegistry.Create("resnet-8", 1, 12, 12, 10);
        Assert.That(resnet.ExcludesOutputFromGlobalPruning, Is.False, "open_lth's cifar_resnet prunes fc.weight globally");
    }
}
