using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.AtInit;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.Snip;

/// <summary>SNIP's scores on a hand-computed case.</summary>
[NonParallelizable]
public class SnipScoresTests
{
    [Test]
    public void Snip_ScoresAreTheAbsoluteGradientTimesWeight()
    {
        using var net = Support.TinyNetworks.TwoTwoOne();
        using var x = tensor(new float[] { 1, 2, -1, 0.5f }, new long[] { 2, 2 });
        using var y = tensor(new long[] { 0, 0 });
        var scores = InitScores.Snip(net, x, y);

        // Independent computation with plain autograd.
        net.zero_grad();
        using (var loss = nn.functional.cross_entropy(net.forward(x), y)) loss.backward();
        var w = net.ParametersByName()["layers.0.weight"];
        using var expected = (w.grad! * w).abs();
        Assert.That(scores["layers.0.weight"], Is.EqualTo(expected.data<float>().ToArray()).Within(1e-6));
    }
}
