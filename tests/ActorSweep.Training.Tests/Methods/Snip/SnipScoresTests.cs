using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.AtInit;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.Snip;

/// <summary>SNIP's scores on a hand-computed case.</summary>
[NonParallelizable]
public class SnipScoresTests
{
    /// <summary>A 2-2-1 network with chosen weights, small enough to check SynFlow by hand.</summary>
    private static LeNet Tiny()
    {
        var net = new LeNet("tiny", 2, new[] { 2 }, 1);
        var p = net.ParametersByName();
        using var _ = no_grad();
        p["layers.0.weight"].copy_(tensor(new float[] { 1, -2, 3, 4 }, new long[] { 2, 2 }));
        p["layers.0.bias"].copy_(tensor(new float[] { 0.5f, -1 }));
        p["layers.1.weight"].copy_(tensor(new float[] { 2, -1 }, new long[] { 1, 2 }));
        p["layers.1.bias"].copy_(tensor(new float[] { 0.3f }));
        return net;
    }

    [Test]
    public void Snip_ScoresAreTheAbsoluteGradientTimesWeight()
    {
        using var net = Tiny();
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
