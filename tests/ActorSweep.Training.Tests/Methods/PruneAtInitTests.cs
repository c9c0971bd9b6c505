using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.AtInit;

namespace ActorSweep.Training.Tests.Methods;

[NonParallelizable]
public class PruneAtInitTests
{
    [Test]
    public void GlobalTopK_KeepsExactlyTheCount_AcrossLayers()
    {
        var layers = new[] { new PrunableLayer("a", LayerKind.Fc, new long[] { 1, 4 }), new PrunableLayer("b", LayerKind.Output, new long[] { 1, 4 }) };
        var scores = new Dictionary<string, float[]> { ["a"] = new float[] { 1, 2, 3, 4 }, ["b"] = new float[] { 10, 20, 0.5f, 0.1f } };
        var mask = ScoreMasks.GlobalTopK(layers, scores, 0.5);
        Assert.That(mask["a"], Is.EqualTo(new float[] { 0, 0, 1, 1 }));
        Assert.That(mask["b"], Is.EqualTo(new float[] { 1, 1, 0, 0 }), "global: layer b keeps its two large scores, layer a only its two largest");
        Assert.That(mask.TotalKept, Is.EqualTo(4));
    }
}
