using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Models;
using ActorSweep.Training.Lineage;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods;

[NonParallelizable]
public class DynamicSparsityTests
{
    [TestCase(GrowthCriterion.Gradient)]
    [TestCase(GrowthCriterion.Random)]
    public void Update_KeepsPerLayerCounts_GrowsAtZeroWithZeroOptimizerState(GrowthCriterion method)
    {
        using var net = new LeNet("lenet-16-8", 144, new[] { 16, 8 }, 10);
        using (var g = new Generator(3)) net.Initialize(g);
        var mask = RandomMasks.WithLayerCounts(net.PrunableLayers, net.PrunableLayers.ToDictionary(l => l.Name, l => l.Count / 5), 11);
        var masks = TrainingLoop.MaskTensors(net, mask, CPU);
        TrainingLoop.ApplyMasks(net, masks);
        using var optimizer = optim.Adam(net.parameters(), 1e-2);
        using var x = randn(32, 1, 12, 12, generator: new Generator(5));
        using var y = randint(0, 10, new long[] { 32 }, generator: new Generator(6));
        for (var step = 0; step < 3; step++)   // some optimizer state everywhere
        {
            optimizer.zero_grad();
            nn.functional.cross_entropy(net.forward(x), y).backward();
            optimizer.step();
            TrainingLoop.ApplyMasks(net, masks);
        }
        optimizer.zero_grad();
        nn.functional.cross_entropy(net.forward(x), y).backward();
        var gradBefore = net.ParametersByName()["layers.0.weight"].grad!.clone();
        var before = net.PrunableLayers.ToDictionary(l => l.Name, l => masks[l.Name].clone());

        var updater = new DynamicSparsity(method, 100, new MaskUpdateSchedule(10, 0.3, 0.75, MaskUpdateSchedule.Cosine), 9);
        updater.Update(0, net, masks, optimizer);
        TrainingLoop.ApplyMasks(net, masks);

        var states = ((TorchSharp.Modules.OptimizerHelper)optimizer).state_dict().State;
        var index = net.named_parameters().Select((p, i) => (p.name, i)).ToDictionary(p => p.name, p => p.i);
        foreach (var l in net.PrunableLayers)
        {
            var oldM = before[l.Name].reshape(-1).data<float>().ToArray();
            var newM = masks[l.Name].reshape(-1).data<float>().ToArray();
            Assert.That(newM.Sum(), Is.EqualTo(oldM.Sum()), $"{l.Name}: per-layer count constant");
            var dropped = Enumerable.Range(0, oldM.Length).Count(i => oldM[i] == 1 && newM[i] == 0);
            // ⌊0.3·active⌋ are dropped; a dropped weight may be regrown at once, so at most that many leave.
            Assert.That(dropped, Is.LessThanOrEqualTo((int)Math.Floor(oldM.Sum() * 0.3)).And.GreaterThan(0), l.Name);
            var grown = Enumerable.Range(0, oldM.Length).Where(i => oldM[i] == 0 && newM[i] == 1).ToList();
            Assert.That(grown, Has.Count.EqualTo(dropped), $"{l.Name}: as many grown as dropped");
            Assert.That(grown, Is.Not.Empty, l.Name);
            var w = net.ParametersByName()[l.Name].reshape(-1).data<float>().ToArray();
            var adam = (TorchSharp.Modules.Adam.State)states[index[l.Name]];
            var m1 = adam.exp_avg.reshape(-1).data<float>().ToArray();
            var m2 = adam.exp_avg_sq.reshape(-1).data<float>().ToArray();
            foreach (var i in grown)
            {
                Assert.That(w[i], Is.EqualTo(0f), $"{l.Name}[{i}] grown at zero");
                Assert.That(m1[i], Is.EqualTo(0f));
                Assert.That(m2[i], Is.EqualTo(0f));
            }
            if (method == GrowthCriterion.Gradient && l.Name == "layers.0.weight")
            {
                // RigL grows the inactive weights with the largest |gradient|.
                var g = gradBefore.reshape(-1).abs().data<float>().ToArray();
                var weakestGrown = grown.Min(i => g[i]);
                var strongestLeftOut = Enumerable.Range(0, oldM.Length).Where(i => oldM[i] == 0 && newM[i] == 0).Max(i => g[i]);
                Assert.That(weakestGrown, Is.GreaterThanOrEqualTo(strongestLeftOut));
            }
        }
        Assert.That(updater.Updates, Is.EqualTo(1));
        foreach (var t in masks.Values.Concat(before.Values)) t.Dispose();
    }

    [Test]
    public void PhasedUpdates_AtAPhaseStart_DropTheLargeFractionInsteadOfTheRegularOne()
    {
        using var net = new LeNet("lenet-16-8", 144, new[] { 16, 8 }, 10);
        using (var g = new Generator(3)) net.Initialize(g);
        var mask = RandomMasks.WithLayerCounts(net.PrunableLayers, net.PrunableLayers.ToDictionary(l => l.Name, l => l.Count / 5), 11);
        var masks = TrainingLoop.MaskTensors(net, mask, CPU);
        TrainingLoop.ApplyMasks(net, masks);
        using var optimizer = optim.SGD(net.parameters(), 0.1);
        // Regular SET updates every 25 steps dropping 0.3 (constant); EDST's phase start at step 40 drops 0.8.
        var updates = new PhasedMaskUpdates(new DynamicSparsity(GrowthCriterion.Random, 100, new MaskUpdateSchedule(25, 0.3, 1.0, MaskUpdateSchedule.Constant), 9),
            new[] { 40 }, 0.8);
        Assert.That(Enumerable.Range(0, 101).Where(updates.IsUpdateStep), Is.EqualTo(new[] { 0, 25, 40, 50, 75, 100 }));

        int[] Left(int step)
        {
            var before = net.PrunableLayers.Select(l => masks[l.Name].reshape(-1).data<float>().ToArray()).ToList();
            updates.Update(step, net, masks, optimizer);
            return net.PrunableLayers.Select((l, k) =>
            {
                var after = masks[l.Name].reshape(-1).data<float>().ToArray();
                Assert.That(after.Sum(), Is.EqualTo(before[k].Sum()), $"{l.Name}: count kept at step {step}");
                return Enumerable.Range(0, after.Length).Count(i => before[k][i] == 1 && after[i] == 0);
            }).ToArray();
        }
        var active = net.PrunableLayers.Select(l => (int)masks[l.Name].sum().item<float>()).ToArray();
        var regular = Left(25);
        var large = Left(40);
        for (var k = 0; k < active.Length; k++)
        {
            Assert.That(regular[k], Is.LessThanOrEqualTo((int)Math.Floor(0.3 * active[k])));
            Assert.That(large[k], Is.LessThanOrEqualTo((int)Math.Floor(0.8 * active[k])).And.GreaterThan((int)Math.Floor(0.3 * active[k])),
                $"layer {k}: the phase start replaces far more than a regular update");
        }
        Assert.That(updates.LargeUpdates, Is.EqualTo(1));
        foreach (var t in masks.Values) t.Dispose();
    }

    [Test]
    public void KdLoss_EqualsTheFormula_OnFixedTensors()
    {
        using var student = tensor(new float[] { 1, 2, 0.5f, -1, 0, 3 }, new long[] { 2, 3 });
        using var teacher = tensor(new float[] { 2, 1, 0, 0.5f, 0.5f, 2 }, new long[] { 2, 3 });
        using var labels = tensor(new long[] { 1, 2 });
        const double alpha = 0.9, t = 5;
        double expectedKl = 0, expectedCe = 0;
        var s = new[] { new[] { 1.0, 2, 0.5 }, new[] { -1.0, 0, 3 } };
        var te = new[] { new[] { 2.0, 1, 0 }, new[] { 0.5, 0.5, 2 } };
        var lab = new[] { 1, 2 };
        for (var r = 0; r < 2; r++)
        {
            double[] Softmax(double[] z, double temp) { var e = z.Select(v => Math.Exp(v / temp)).ToArray(); var sum = e.Sum(); return e.Select(v => v / sum).ToArray(); }
            var p = Softmax(te[r], t);
            var q = Softmax(s[r], t);
            expectedKl += Enumerable.Range(0, 3).Sum(i => p[i] * Math.Log(p[i] / q[i]));
            expectedCe += -Math.Log(Softmax(s[r], 1)[lab[r]]);
        }
        var expected = alpha * t * t * expectedKl / 2 + (1 - alpha) * expectedCe / 2;
        using var loss = DistillationLoss.Compute(student, teacher, labels, alpha, t);
        Assert.That(loss.item<float>(), Is.EqualTo(expected).Within(1e-5));
    }
}
