using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.AtInit;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods;

[NonParallelizable]
public class PruneAtInitTests
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
    public void SynFlow_OnATinyNetwork_MatchesTheHandComputation_AndRestoresTheSigns()
    {
        // |θ| everywhere, input 1: h = relu(|W1|·1 + |b1|) = (1+2+0.5, 3+4+1) = (3.5, 8); R = |W2|·h + |b2|.
        // ∂R/∂W2 = h → |∂R/∂W2 ⊙ W2| = (3.5·2, 8·1) = (7, 8).
        // ∂R/∂W1[i,j] = |W2|[i]·1 → |∂R/∂W1 ⊙ W1| = ((2·1, 2·2), (1·3, 1·4)) = ((2, 4), (3, 4)).
        using var net = Tiny();
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

    [Test]
    public void Grasp_ScoresAreHessianGradientProductTimesWeight()
    {
        using var net = Tiny();
        using var x = tensor(new float[] { 1, 2, -1, 0.5f, 0.3f, -0.7f, 2, 1 }, new long[] { 4, 2 });
        using var y = tensor(new long[] { 0, 0, 0, 0 });
        var scores = InitScores.Grasp(net, x, y, temperature: 2);

        // Finite differences of g(θ)·g0 along each weight: ∂/∂θ (g0 · ∇L(θ)) = (H g0)_θ, with g0 stopped.
        var w = net.ParametersByName()["layers.0.weight"];
        var w2 = net.ParametersByName()["layers.1.weight"];
        float[] Grad()   // ∇ of the summed half-batch losses w.r.t. both prunable weights, as GraSP's g
        {
            net.zero_grad();
            Tensor total = zeros(1);
            foreach (var (s, n) in new[] { (0L, 2L), (2L, 2L) })
                total = total + nn.functional.cross_entropy(net.forward(x.narrow(0, s, n)) / 2, y.narrow(0, s, n));
            total.backward();
            return w.grad!.data<float>().ToArray().Concat(w2.grad!.data<float>().ToArray()).ToArray();
        }
        var g0 = Grad();
        double Dot(float[] g) => g.Zip(g0, (a, b) => (double)a * b).Sum();
        const float h = 1e-3f;
        for (var i = 0; i < 4; i++)
        {
            using (no_grad()) w.view(-1)[i].add_(h);
            var plus = Dot(Grad());
            using (no_grad()) w.view(-1)[i].add_(-2 * h);
            var minus = Dot(Grad());
            using (no_grad()) w.view(-1)[i].add_(h);
            var hg = (plus - minus) / (2 * h);
            var theta = w.data<float>()[i];
            Assert.That(scores["layers.0.weight"][i], Is.EqualTo(hg * theta).Within(2e-3 + Math.Abs(hg * theta) * 0.05), $"weight {i}");
        }
    }

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
