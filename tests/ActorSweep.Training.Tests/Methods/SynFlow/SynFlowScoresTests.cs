using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.AtInit;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.SynFlow;

/// <summary>SynFlow's scores and iterative pruning on hand-computed cases.</summary>
[NonParallelizable]
public class SynFlowScoresTests
{
    [Test]
    public void SynFlow_OnATinyNetwork_MatchesTheHandComputation_AndRestoresTheSigns()
    {
        // |θ| everywhere, input 1: h = relu(|W1|·1 + |b1|) = (1+2+0.5, 3+4+1) = (3.5, 8); R = |W2|·h + |b2|.
        // ∂R/∂W2 = h → |∂R/∂W2 ⊙ W2| = (3.5·2, 8·1) = (7, 8).
        // ∂R/∂W1[i,j] = |W2|[i]·1 → |∂R/∂W1 ⊙ W1| = ((2·1, 2·2), (1·3, 1·4)) = ((2, 4), (3, 4)).
        using var net = Support.TinyNetworks.TwoTwoOne();
        var scores = InitScores.SynFlow(net, new long[] { 2 });
        Assert.That(scores["layers.1.weight"], Is.EqualTo(new float[] { 7, 8 }));
        Assert.That(scores["layers.0.weight"], Is.EqualTo(new float[] { 2, 4, 3, 4 }));
        var w1 = net.ParametersByName()["layers.0.weight"].data<float>().ToArray();
        Assert.That(w1, Is.EqualTo(new float[] { 1, -2, 3, 4 }), "signs restored");
        Assert.That(net.ParametersByName()["layers.0.bias"].data<float>().ToArray(), Is.EqualTo(new float[] { 0.5f, -1 }));
    }

    [Test]
    public void SynFlow_Iterative_KeepsExactlyTheTargetCount_AndLeavesTheWeightsUnchanged()
    {
        using var net = new LeNet("lenet-16-8", 144, new[] { 16, 8 }, 10);
        using (var g = new Generator(7)) net.Initialize(g);
        var before = net.ParametersByName()["layers.0.weight"].data<float>().ToArray();
        var mask = PruneAtInit.SynFlow(net, new long[] { 1, 12, 12 }, 0.9, 20);
        var total = net.PrunableLayers.Sum(l => l.Count);
        Assert.That(mask.TotalKept, Is.EqualTo(total - (long)Math.Floor(0.9 * total)));
        Assert.That(net.ParametersByName()["layers.0.weight"].data<float>().ToArray(), Is.EqualTo(before));
        Assert.That(net.PrunableLayers.All(l => mask.Kept(l.Name) > 0), Is.True, "SynFlow avoids layer collapse at 90 %");
    }
}
