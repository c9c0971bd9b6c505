using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.AtInit;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.Grasp;

/// <summary>GraSP's scores on a hand-computed case.</summary>
[NonParallelizable]
public class GraspScoresTests
{
    [Test]
    public void Grasp_ScoresAreHessianGradientProductTimesWeight()
    {
        using var net = Support.TinyNetworks.TwoTwoOne();
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
}
