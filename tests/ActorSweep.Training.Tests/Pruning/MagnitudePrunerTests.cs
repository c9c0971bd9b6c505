using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.Magnitude;
using ActorSweep.Training.Pruning.Random;

namespace ActorSweep.Training.Tests.Pruning;

public class MagnitudePrunerTests
{
    private static readonly PrunableLayer[] LeNet300 =
    {
        new("layers.0.weight", LayerKind.Fc, new long[] { 300, 784 }),
        new("layers.1.weight", LayerKind.Fc, new long[] { 100, 300 }),
        new("layers.2.weight", LayerKind.Output, new long[] { 10, 100 }),
    };

    private static Dictionary<string, float[]> RandomWeights(IEnumerable<PrunableLayer> layers, int seed)
    {
        var rng = new System.Random(seed);
        return layers.ToDictionary(l => l.Name, l => Enumerable.Range(0, (int)l.Count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
    }

    [TestCase(3, 0.513)]
    [TestCase(7, 0.211)]
    [TestCase(12, 0.070)]
    [TestCase(15, 0.036)]
    [TestCase(18, 0.019)]
    public void Layerwise_PaperRates_ReachThePapersWeightsRemaining(int rounds, double paper)
    {
        var weights = RandomWeights(LeNet300, 1);
        var mask = Mask.Ones(LeNet300);
        for (var r = 0; r < rounds; r++)
            mask = MagnitudePruner.Layerwise(mask, weights, k => k == LayerKind.Output ? 0.1 : 0.2);
        var formula = (265_200 * Math.Pow(0.8, rounds) + 1_000 * Math.Pow(0.9, rounds)) / 266_200;
        Assert.That(mask.Density, Is.EqualTo(formula).Within(0.001));
        Assert.That(mask.Density, Is.EqualTo(paper).Within(0.0015), "the paper's rounded level");
    }

    [Test]
    public void Layerwise_RemovesTheSmallestMagnitudesOfEachLayer()
    {
        var layers = new[] { new PrunableLayer("a", LayerKind.Fc, new long[] { 2, 5 }), new PrunableLayer("b", LayerKind.Output, new long[] { 1, 10 }) };
        var weights = new Dictionary<string, float[]>
        {
            ["a"] = new[] { 5f, -1f, 3f, -4f, 2f, 0.5f, 9f, -8f, 7f, 6f },
            ["b"] = Enumerable.Range(1, 10).Select(i => (float)-i).ToArray(),
        };
        var mask = MagnitudePruner.Layerwise(Mask.Ones(layers), weights, k => k == LayerKind.Fc ? 0.2 : 0.1);
        Assert.That(mask["a"], Is.EqualTo(new[] { 1f, 0f, 1f, 1f, 1f, 0f, 1f, 1f, 1f, 1f }), "|0.5| and |-1| go");
        Assert.That(mask["b"], Is.EqualTo(new[] { 0f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f }), "|-1| goes");
    }

    [Test]
    public void Global_PrunesAFractionOfAllRemainingWeightsByOneRanking()
    {
        var layers = new[] { new PrunableLayer("a", LayerKind.Fc, new long[] { 1, 4 }), new PrunableLayer("b", LayerKind.Output, new long[] { 1, 4 }) };
        var weights = new Dictionary<string, float[]> { ["a"] = new[] { 1f, 2f, 3f, 4f }, ["b"] = new[] { 10f, 20f, 30f, 40f } };
        var mask = MagnitudePruner.Global(Mask.Ones(layers), weights, 0.5, excludeOutput: false);
        Assert.That(mask.Kept("a"), Is.EqualTo(0));
        Assert.That(mask.Kept("b"), Is.EqualTo(4));
        var again = MagnitudePruner.Global(mask, weights, 0.5, excludeOutput: false);
        Assert.That(again["b"], Is.EqualTo(new[] { 0f, 0f, 1f, 1f }), "only survivors are ranked");
    }

    [Test]
    public void Global_ExcludingTheOutputLayer_LeavesItsMaskUntouched()
    {
        var weights = RandomWeights(LeNet300, 2);
        var mask = MagnitudePruner.Global(Mask.Ones(LeNet300), weights, 0.2, excludeOutput: true);
        Assert.That(mask.Kept("layers.2.weight"), Is.EqualTo(1000));
        Assert.That(mask.Kept("layers.0.weight") + mask.Kept("layers.1.weight"), Is.EqualTo(265_200 - 53_040));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void OneShot_ReachesTheTargetSparsity(bool global)
    {
        var weights = RandomWeights(LeNet300, 3);
        var mask = MagnitudePruner.OneShot(Mask.Ones(LeNet300), weights, 0.9, global, excludeOutput: false);
        if (global) Assert.That(mask.TotalKept, Is.EqualTo(26_620));
        else
        {
            Assert.That(mask.Kept("layers.0.weight"), Is.EqualTo(23_520));
            Assert.That(mask.Kept("layers.2.weight"), Is.EqualTo(550), "the output layer is pruned at half the rate");
        }
    }

    [Test]
    public void RandomMask_KeepsEveryLayersCountAndIsSeeded()
    {
        var weights = RandomWeights(LeNet300, 4);
        var pruned = MagnitudePruner.Layerwise(Mask.Ones(LeNet300), weights, k => k == LayerKind.Output ? 0.1 : 0.2);
        var a = RandomMasks.WithSameLayerCounts(pruned, 7);
        var b = RandomMasks.WithSameLayerCounts(pruned, 7);
        var c = RandomMasks.WithSameLayerCounts(pruned, 8);
        foreach (var l in LeNet300) Assert.That(a.Kept(l.Name), Is.EqualTo(pruned.Kept(l.Name)));
        Assert.That(a["layers.0.weight"], Is.EqualTo(b["layers.0.weight"]));
        Assert.That(a["layers.0.weight"], Is.Not.EqualTo(c["layers.0.weight"]));
        Assert.That(a["layers.0.weight"], Is.Not.EqualTo(pruned["layers.0.weight"]));
    }
}
