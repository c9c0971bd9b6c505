using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.SupTickets;
using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Methods.SupTickets;
using ActorSweep.Training.Models;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.SupTickets;

/// <summary>Sup-tickets' cyclic schedule, its superposition (CAA, re-pruning) checked against the saved tickets, and batch-norm recalibration.</summary>
[NonParallelizable]
public class SupTicketsTests
{
    private static SupTicketsOptions Options(int cycles, double fraction) =>
        new(0.8, LayerDistribution.ErdosRenyiKernel, new MaskUpdateSchedule(1000, 0.5, 1, "constant"), null, GrowthCriterion.Gradient, cycles, fraction, Lr1: 0.001, Lr2: 0.005, 0.5, true);

    [Test]
    public void CyclicLearningRate_IsTriangular_Lr1AtCycleEdges_Lr2AtMidCycle()
    {
        var o = Options(cycles: 2, fraction: 0.1);
        Assert.That((o.CycleLength(1000), o.CyclicStart(1000)), Is.EqualTo((50, 900)));
        Assert.That(o.CyclicLearningRate(900, 1000), Is.EqualTo(0.001).Within(1e-12));
        Assert.That(o.CyclicLearningRate(925, 1000), Is.EqualTo(0.005).Within(1e-12), "mid-cycle");
        Assert.That(o.CyclicLearningRate(910, 1000), Is.EqualTo(0.001 * 0.6 + 0.005 * 0.4).Within(1e-12), "t = 0.2");
        Assert.That(o.CyclicLearningRate(940, 1000), Is.EqualTo(0.001 * 0.6 + 0.005 * 0.4).Within(1e-12), "t = 0.8, on the way back");
        Assert.That(o.CyclicLearningRate(950, 1000), Is.EqualTo(0.001).Within(1e-12), "the second cycle starts again at lr₁");
    }

    [Test]
    public void Run_SuperposesEachCyclesTicketByCaa_RePrunesToTheDensity_AndTheSuperposedTaskComparesWithTheTickets()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run(
            "{ name = sup-tickets, sparsity = 0.5, cycles = 2, cycle-fraction = 0.5, update-every = 10, lr-1 = 0.001, lr-2 = 0.01 }", evalEvery: 10);
        var run = g.Tasks.Single(t => t.Branch == "main");
        var superposed = g.Tasks.Single(t => t.Branch == SupTicketsBranches.Superposed);
        var store = new ArtifactStore(layout);
        using var net = new LeNet("lenet-16-8", 144, new[] { 16, 8 }, 10);
        var layers = net.PrunableLayers;
        var previous = store.LoadPrunableWeights(run.TaskId, SupTicketsTrainer.SuperpositionArtifact(0), layers);
        for (var k = 1; k <= 2; k++)
        {
            var ticket = store.LoadPrunableWeights(run.TaskId, SupTicketsTrainer.TicketArtifact(k), layers);
            var soup = store.LoadPrunableWeights(run.TaskId, SupTicketsTrainer.SuperpositionArtifact(k), layers);
            var averaged = layers.ToDictionary(l => l.Name, l => previous[l.Name].Zip(ticket[l.Name], (a, b) => (float)(a * k / (k + 1.0) + b / (k + 1.0))).ToArray());
            var all = layers.SelectMany(l => averaged[l.Name].Select(Math.Abs)).OrderDescending().ToArray();
            var threshold = all[(int)(all.Length * 0.5) - 1];
            foreach (var l in layers)
                Assert.That(soup[l.Name], Is.EqualTo(averaged[l.Name].Select(w => Math.Abs(w) >= threshold ? w : 0f).ToArray()).Within(1e-6f),
                    $"cycle {k}, {l.Name}: soup·{k}/{k + 1} + ticket/{k + 1}, then |w| ≥ the 50 %-th largest kept");
            previous = soup;
        }
        var mask = store.LoadMask(run.TaskId, layers, SupTicketsTrainer.SuperposedMaskArtifact);
        Assert.That(mask.Density, Is.EqualTo(0.5).Within(0.01), "re-pruned globally to the run's density");
        Assert.That(store.LoadPrunableWeights(run.TaskId, ArtifactNames.Final, layers)["layers.0.weight"],
            Is.EqualTo(store.LoadPrunableWeights(run.TaskId, SupTicketsTrainer.TicketArtifact(2), layers)["layers.0.weight"]), "the run's row is the last single ticket");
        Assert.That(results[run.TaskId].Iterations, Is.EqualTo(80));
        var row = results[superposed.TaskId];
        Assert.That(row.Combination!.Kind, Is.EqualTo(SupTicketsTrainer.Kind));
        Assert.That(row.Combination.Members, Is.EqualTo(2));
        Assert.That(row.WeightsRemaining, Is.EqualTo(mask.Density).Within(1e-12));
        Assert.That(row.TestAccuracyFinal, Is.EqualTo(row.Combination.TestAccuracy));
        Assert.That(row.TestAccuracyFinal, Is.GreaterThan(0.3), "the superposed ticket works (chance 0.1)");
    }

    [Test]
    public void BatchNormRecalibration_SetsTheRunningMeanToTheDataMeanOfTheChannels()
    {
        using var net = new ConvNet("conv-2-bn", 2, 1, 4, 4, 3, batchNorm: true);
        using (var g = new Generator(2)) net.Initialize(g);
        using var x = randn(40, 1, 4, 4, generator: new Generator(3));
        Assert.That(BatchNormRecalibration.Run(net, x, batchSize: 10), Is.True);
        var p = net.ParametersByName();
        using var conv = nn.functional.conv2d(x, p["convs.0.weight"], p["convs.0.bias"], padding: new long[] { 1, 1 });
        using var expected = conv.mean(new long[] { 0, 2, 3 });
        var running = net.named_buffers().Single(b => b.name == "bns.0.running_mean").buffer;
        Assert.That(running.sub(expected).abs().max().item<float>(), Is.LessThan(1e-5f), "the cumulative average of four equal batches' means is the data mean");
        Assert.That(net.training, Is.True);
        using var lenet = new LeNet("lenet-4", 16, new[] { 4 }, 2);
        Assert.That(BatchNormRecalibration.Run(lenet, x, 10), Is.False, "nothing to recalibrate");
    }
}
