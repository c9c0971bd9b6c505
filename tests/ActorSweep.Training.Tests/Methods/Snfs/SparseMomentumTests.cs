using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.Snfs;

/// <summary>sparse_learning's truncate_weights on a hand-computed case, its schedule, and snfs / SET's variant through the runner.</summary>
[NonParallelizable]
public class SparseMomentumTests
{
    [Test]
    public void PruneRate_DecaysLikeCosineAnnealingLrToPointZeroZeroFive_OrLinearly()
    {
        var cosine = new SparseLearningSchedule(0.5, SparseLearningSchedule.Cosine);
        Assert.That(cosine.RateAfter(0, 1000), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(cosine.RateAfter(500, 1000), Is.EqualTo(0.005 + 0.495 * 0.5).Within(1e-12));
        Assert.That(cosine.RateAfter(1000, 1000), Is.EqualTo(0.005).Within(1e-12));
        Assert.That(new SparseLearningSchedule(0.5, SparseLearningSchedule.Linear).RateAfter(250, 1000), Is.EqualTo(0.375).Within(1e-12));
    }

    [Test]
    public void Updates_AtTheEndOfEveryEpochButTheLast()
    {
        var updater = new ActorSweep.Training.Pruning.Dynamic.SparseMomentum(new SparseLearningSchedule(0.5, "cosine"), SparseLearningGrowth.Momentum, Redistribution.Momentum, iterations: 30, stepsPerEpoch: 10, baselineNonzero: 1, seed: 1);
        Assert.That(Enumerable.Range(0, 30).Where(updater.IsUpdateStep), Is.EqualTo(new[] { 9, 19 }), "not after epoch 3, the last (the reference's epoch < args.epochs)");
        Assert.That(updater.PruneRateAt(9), Is.EqualTo(0.005 + 0.495 * 0.5 * (1 + Math.Cos(Math.PI * 10 / 30))).Within(1e-12), "decayed over 10 optimizer steps");
        Assert.That(updater.ReplacesOptimizerStep, Is.False);
    }

    [Test]
    public void Redistribution_CapsALayerAt99PercentOfItsFreeSlots_AndSpreadsTheExcess()
    {
        var updater = new ActorSweep.Training.Pruning.Dynamic.SparseMomentum(new SparseLearningSchedule(0.5, "cosine"), SparseLearningGrowth.Momentum, Redistribution.Momentum, 100, 10, 20, 1);
        var regrowth = updater.Redistribute(new[] { 0.5, 0.5 }, new[] { 0.5, 0.5 }, nonzeros: new double[] { 10, 10 }, zeros: new double[] { 0, 90 }, removed: 10);
        Assert.That(regrowth[0], Is.EqualTo(4.95).Within(1e-9), "layer 0 may regrow at most 0.99 · (0 free + 5 pruned)");
        Assert.That(regrowth[1], Is.EqualTo(5.05).Within(1e-6), "⌈0.5 · 10⌉ = 5 plus the 0.05 layer 0 could not take, spread over the passes");
    }

    /// <summary>
    /// Layer A (3×4) keeps positions 0–5 with weights 1…6 and momentum 1 there, momentum 10, 9, 0.5, … at 6–11; layer B
    /// (2×3) keeps 0–2 with weights 1, 2, 3 and momentum 3, and 0.1, 0.2, 0.3 at 3–5. Scores: mean |momentum| over active
    /// weights, A 1 and B 3 → 0.25 / 0.75. Prune rate ≈ 0.5: A prunes ⌈3⌉ = 3 (weights 1, 2, 3), B ⌈1.5⌉ = 2 (1, 2);
    /// 5 removed. Regrowth: A ⌈0.25·5⌉ = 2, B ⌈0.75·5⌉ = 4 (under 0.99 · 5). A grows 6 and 7 (momentum 10, 9); B grows
    /// 0 and 1 (momentum 3, just pruned: they keep their weights, as in the reference), 5 and 4.
    /// </summary>
    [Test]
    public void Update_PrunesByMagnitude_RedistributesByMeanMomentum_GrowsByMomentum_HandComputed()
    {
        using var net = new LeNet("lenet-3", 4, new[] { 3 }, 2);
        var p = net.ParametersByName();
        var (a, b) = (p["layers.0.weight"], p["layers.1.weight"]);
        using (no_grad())
        {
            a.copy_(tensor(new float[] { 1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0 }, new long[] { 3, 4 }));
            b.copy_(tensor(new float[] { 1, 2, 3, 0, 0, 0 }, new long[] { 2, 3 }));
        }
        var ga = tensor(new float[] { 1, 1, 1, 1, 1, 1, 10, 9, 0.5f, 0.4f, 0.3f, 0.2f }, new long[] { 3, 4 });
        var gb = tensor(new float[] { 3, 3, 3, 0.1f, 0.2f, 0.3f }, new long[] { 2, 3 });
        using var optimizer = optim.SGD(net.parameters(), 0.0, momentum: 0.9);
        optimizer.zero_grad();
        ((a * ga).sum() + (b * gb).sum()).backward();
        optimizer.step();   // lr 0: weights unchanged, momentum buffers = the gradients
        var mask = new Mask(net.PrunableLayers, new Dictionary<string, float[]>
        {
            ["layers.0.weight"] = new float[] { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 },
            ["layers.1.weight"] = new float[] { 1, 1, 1, 0, 0, 0 },
        });
        var masks = TrainingLoop.MaskTensors(net, mask, CPU);
        var updater = new ActorSweep.Training.Pruning.Dynamic.SparseMomentum(new SparseLearningSchedule(0.5, SparseLearningSchedule.Linear), SparseLearningGrowth.Momentum, Redistribution.Momentum,
            iterations: 10_000_000, stepsPerEpoch: 1, baselineNonzero: 9, seed: 1);
        updater.Update(0, net, masks, optimizer);
        TrainingLoop.ApplyMasks(net, masks);

        Assert.That(updater.LastRegrowth.Values, Is.EqualTo(new[] { 2.0, 4.0 }));
        Assert.That(masks["layers.0.weight"].reshape(-1).data<float>().ToArray(), Is.EqualTo(new float[] { 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0 }));
        Assert.That(masks["layers.1.weight"].reshape(-1).data<float>().ToArray(), Is.EqualTo(new float[] { 1, 1, 1, 0, 1, 1 }));
        Assert.That(a.reshape(-1).data<float>().ToArray(), Is.EqualTo(new float[] { 0, 0, 0, 4, 5, 6, 0, 0, 0, 0, 0, 0 }), "grown weights start at zero");
        Assert.That(b.reshape(-1).data<float>().ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 0, 0, 0 }), "pruned and regrown in one update: the value stays");
        foreach (var m in masks.Values) m.Dispose();
    }

    [Test]
    public void NoRedistribution_SharesByLayerSize_AndRandomGrowthRegrowsAboutWhatWasPruned()
    {
        using var net = new LeNet("lenet-64", 64, new[] { 64 }, 10);
        using (var g = new Generator(4)) net.Initialize(g);
        var mask = ActorSweep.Training.Pruning.Random.RandomMasks.Bernoulli(net.PrunableLayers, 0.2, 5);
        var baseline = net.PrunableLayers.Sum(l => l.Count * 0.2);
        var masks = TrainingLoop.MaskTensors(net, mask, CPU);
        using var optimizer = optim.SGD(net.parameters(), 0.01, momentum: 0.9);
        var updater = new ActorSweep.Training.Pruning.Dynamic.SparseMomentum(new SparseLearningSchedule(0.5, "cosine"), SparseLearningGrowth.Random, Redistribution.None, 1_000_000, 1, baseline, 9);
        updater.Update(0, net, masks, optimizer);
        var counts = net.PrunableLayers.Select(l => (double)masks[l.Name].sum().item<float>()).ToArray();
        Assert.That(counts.Sum(), Is.EqualTo(baseline).Within(baseline * 0.05), "random growth regrows about what was pruned");
        var before = net.PrunableLayers.Select(l => (double)mask.Kept(l.Name)).ToArray();
        Assert.That(counts[0] / before[0], Is.EqualTo(1).Within(0.08), "no redistribution: each layer regrows about its own share (numel / baseline)");
        foreach (var m in masks.Values) m.Dispose();
    }

    [TestCase("{ name = snfs, sparsity = 0.5 }")]
    [TestCase("{ name = set, variant = sparse-learning, sparsity = 0.5, distribution = uniform }")]
    public void SparseLearningRun_EndsNearItsDensity_AndLearns(string method)
    {
        var (g, _, results) = Tests.Support.RunnerStudy.Run(method, training: ", iterations = 200, optimizer = sgd, lr = 0.05, momentum = 0.9");
        var row = results[g.Tasks.Single().TaskId];
        Assert.That(row.WeightsRemaining, Is.EqualTo(0.5).Within(0.05), "every layer sparse, counts around numel·density");
        Assert.That(row.TestAccuracyFinal, Is.GreaterThan(0.3), "chance is 0.1");
    }
}
