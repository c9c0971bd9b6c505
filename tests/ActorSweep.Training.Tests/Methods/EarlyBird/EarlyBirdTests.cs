using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.EarlyBird;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Methods.EarlyBird;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.EarlyBird;

/// <summary>Early-Bird's mask, distance and queue on the issue's hand-computed cases, its channel masks, and the method end to end.</summary>
[NonParallelizable]
public class EarlyBirdTests
{
    [Test]
    public void ChannelMask_KeepsScalesAboveTheRatiosQuantile_TheIssuesCase()
    {
        Assert.That(EarlyBirdTicket.ChannelMask(new[] { 0.1f, 0.5f, 0.3f, 0.9f }, 0.5), Is.EqualTo(new[] { 0f, 0f, 0f, 1f }),
            "sorted [0.1, 0.3, 0.5, 0.9], threshold = element ⌊4 · 0.5⌋ = 0.5, kept only when strictly above: the last channel");
        Assert.That(EarlyBirdTicket.ChannelMask(new[] { -0.8f, 0.2f, 0.4f, 0.6f, 0.1f }, 0.3), Is.EqualTo(new[] { 1f, 0f, 1f, 1f, 0f }), "|γ| ranks; threshold 0.2");
    }

    [Test]
    public void Distance_IsTheFractionOfPositionsThatDiffer_TheIssuesCase()
    {
        Assert.That(EarlyBirdTicket.Distance(new[] { 1f, 1f, 0f, 0f }, new[] { 1f, 0f, 1f, 0f }), Is.EqualTo(0.5));
        Assert.That(EarlyBirdTicket.Distance(new[] { 1f, 0f }, new[] { 1f, 0f }), Is.EqualTo(0));
    }

    [Test]
    public void Queue_DrawsWhenTheNewestIsWithinEpsilonOfTheFourBefore()
    {
        var queue = new EarlyBirdQueue(keep: 5, epsilon: 0.1);
        float[] M(params int[] ones) => Enumerable.Range(0, 10).Select(i => ones.Contains(i) ? 1f : 0f).ToArray();
        Assert.That(queue.Put(M(0, 1, 2, 3, 4)), Is.False);
        Assert.That(queue.Put(M(0, 1, 2, 3, 5)), Is.False, "0.2 from the first");
        Assert.That(queue.Put(M(0, 1, 2, 3, 5)), Is.False);
        Assert.That(queue.Put(M(0, 1, 2, 3, 5)), Is.False, "four masks: not full");
        Assert.That(queue.Put(M(0, 1, 2, 3, 5)), Is.False, "full, but 0.2 from the oldest");
        Assert.That(queue.Distances, Is.EqualTo(new[] { 0.2, 0, 0, 0 }).Within(1e-12));
        Assert.That(queue.Put(M(0, 1, 2, 3, 5, 6)), Is.True, "the 0.2 mask has left; 0.1 from each of the four before: within ε");
        Assert.That(queue.Distances, Is.EqualTo(new[] { 0.1, 0.1, 0.1, 0.1 }).Within(1e-12));
    }

    [Test]
    public void WeightMask_RemovesAPrunedChannelsFilterAndItsConsumersInputs_SoTheChannelNoLongerMatters()
    {
        using var net = new ConvNet("conv-2-bn", 2, 1, 4, 4, 3, batchNorm: true);
        using (var g = new Generator(2)) net.Initialize(g);
        var channels = Enumerable.Repeat(1f, 128).ToArray();
        channels[3] = 0;          // group 0 (convs.0 → convs.1)
        channels[64 + 5] = 0;     // group 1 (convs.1 → fcs.0, 2×2 features per channel)
        var mask = EarlyBirdTicket.WeightMask(net.PrunableLayers, net.ChannelGroups, channels);
        Assert.That(mask["convs.0.weight"].Skip(3 * 9).Take(9), Is.All.EqualTo(0f), "filter 3 of the producer");
        Assert.That(mask["convs.0.weight"].Count(v => v == 0), Is.EqualTo(9));
        var c1 = mask["convs.1.weight"];   // [64, 64, 3, 3]
        Assert.That(Enumerable.Range(0, 64).All(o => c1.Skip(o * 576 + 3 * 9).Take(9).All(v => v == 0)), Is.True, "input channel 3 of every consumer filter");
        Assert.That(c1.Skip(5 * 576).Take(576), Is.All.EqualTo(0f), "filter 5 of convs.1 (group 1's producer)");
        Assert.That(c1.Count(v => v == 0), Is.EqualTo(64 * 9 + 576 - 9));
        var fc = mask["fcs.0.weight"];   // [256, 64·2·2]
        Assert.That(Enumerable.Range(0, 256).All(r => fc.Skip(r * 256 + 5 * 4).Take(4).All(v => v == 0)), Is.True, "features 20–23 of every row");
        Assert.That(fc.Count(v => v == 0), Is.EqualTo(256 * 4));

        var masks = Training.TrainingLoop.MaskTensors(net, mask, CPU);
        Training.TrainingLoop.ApplyMasks(net, masks);
        net.eval();
        using var x = randn(2, 1, 4, 4, generator: new Generator(3));
        using var before = net.forward(x);
        var bias = net.ParametersByName()["convs.0.bias"];
        using (no_grad()) bias[3].add_(5.0);
        using var pruned = net.forward(x);
        Assert.That(pruned.sub(before).abs().max().item<float>(), Is.EqualTo(0f), "a pruned channel no longer reaches the output");
        using (no_grad()) bias[4].add_(5.0);
        using var kept = net.forward(x);
        Assert.That(kept.sub(before).abs().max().item<float>(), Is.GreaterThan(1e-4f), "a kept one does");
        foreach (var m in masks.Values) m.Dispose();
    }

    [Test]
    public void Unstructured_SearchStopsAtTheDraw_EbTrainContinuesFromTheDrawnWeights_ReinitFromAFreshInit()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run("{ name = early-bird, ratio = 0.5, check-every = 4, criterion = magnitude }");
        var search = g.Tasks.Single(t => t.Round == 0);
        var train = g.Tasks.Single(t => t.Round == 1 && t.Branch == Branches.Main);
        var reinit = g.Tasks.Single(t => t.Branch == Branches.RandomReinit);
        var drawn = results[search.TaskId].Measurements.Get(EarlyBirdMeasurements.TicketDrawnAt.Name);
        Assert.That(drawn, Is.Not.Null.And.GreaterThanOrEqualTo(16), "five checks (0, 4, 8, 12, 16) fill the queue");
        Assert.That(drawn!.Value % 4, Is.Zero);
        Assert.That(results[search.TaskId].Iterations, Is.EqualTo(drawn), "the dense run stops at the draw");
        Assert.That(results[search.TaskId].Measurements.Get(EarlyBirdMeasurements.TrainingSaved.Name), Is.EqualTo((80 - drawn.Value) / 80.0).Within(1e-12));
        Assert.That(results[search.TaskId].WeightsRemaining, Is.EqualTo(1.0));
        foreach (var child in new[] { train, reinit })
        {
            Assert.That(results[child.TaskId].Iterations, Is.EqualTo(80 - drawn.Value), "trained from the draw iteration to the end");
            Assert.That(results[child.TaskId].Measurements.Get(EarlyBirdMeasurements.TicketDrawnAt.Name), Is.EqualTo(drawn));
        }
        var store = new ArtifactStore(layout);
        using var net = new LeNet("lenet-16-8", 144, new[] { 16, 8 }, 10);
        var ticket = store.LoadMask(search.TaskId, net.PrunableLayers, EarlyBirdTrainer.TicketArtifact);
        var drawnWeights = store.LoadPrunableWeights(search.TaskId, ArtifactNames.Final, net.PrunableLayers);
        var expected = MagnitudePrunerOf(ticket, drawnWeights);
        foreach (var l in net.PrunableLayers) Assert.That(ticket[l.Name], Is.EqualTo(expected[l.Name]), $"{l.Name}: global magnitude at 0.5 of the weights at the draw");
        var trainInit = store.LoadPrunableWeights(train.TaskId, ArtifactNames.Init, net.PrunableLayers);
        foreach (var l in net.PrunableLayers)
            Assert.That(trainInit[l.Name], Is.EqualTo(drawnWeights[l.Name].Zip(ticket[l.Name], (w, m) => w * m).ToArray()), "EB Train starts from the drawn weights, masked");
        var reinitInit = store.LoadPrunableWeights(reinit.TaskId, ArtifactNames.Init, net.PrunableLayers);
        Assert.That(reinitInit["layers.0.weight"], Is.Not.EqualTo(trainInit["layers.0.weight"]));
        Assert.That(store.LoadMask(reinit.TaskId, net.PrunableLayers)["layers.0.weight"], Is.EqualTo(ticket["layers.0.weight"]), "the re-init control keeps the ticket's mask");
    }

    private static Mask MagnitudePrunerOf(Mask like, IReadOnlyDictionary<string, float[]> weights) =>
        ActorSweep.Training.Pruning.Magnitude.MagnitudePruner.OneShot(Mask.Ones(like.Layers), weights, 0.5, global: true, excludeOutput: true);

    [Test]
    public void BatchNormCriterion_PrunesChannelsOfAConvNetWithBatchNorm_AndRefusesANetworkWithout()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run("{ name = early-bird, ratio = 0.3, check-every = 2, controls = [] }", model: "conv-2-bn",
            training: ", iterations = 60");
        var search = g.Tasks.Single(t => t.Round == 0);
        Assert.That(results[search.TaskId].Measurements.Get(EarlyBirdMeasurements.TicketDrawnAt.Name), Is.Not.Null, "the batch-norm channel mask settles within 60 steps");
        var ticket = results[g.Tasks.Single(t => t.Round == 1).TaskId];
        Assert.That(ticket.WeightsRemaining, Is.LessThan(0.9).And.GreaterThan(0.2), "about 30 % of the channels gone, with their filters and inputs");

        var ex = Assert.Throws<DeterministicTaskFailure>(() => Tests.Support.RunnerStudy.Run("{ name = early-bird, criterion = bn, check-every = 2 }"))!;
        Assert.That(ex.Message, Does.Contain("criterion = bn").And.Contain("lenet-16-8"));
    }

    [Test]
    public void BatchNormL1_AddsSTimesTheSignOfEachScaleToItsGradient_AsTheReferencesUpdateBN()
    {
        using var net = new ConvNet("conv-2-bn", 2, 1, 4, 4, 3, batchNorm: true);
        using (var g = new Generator(2)) net.Initialize(g);
        var scales = net.ChannelGroups.Select(c => net.ParametersByName()[c.BatchNormScale]).ToArray();
        using (no_grad())
        {
            scales[0][0].fill_(0.5); scales[0][1].fill_(-0.2); scales[0][2].fill_(0.0);
        }
        // loss = Σ 0.25·γ over both scale vectors: every gradient is 0.25 before the penalty.
        var loss = scales.Select(g => g.sum().mul(0.25)).Aggregate((a, b) => a.add(b));
        loss.backward();
        EarlyBirdTrainer.BatchNormL1(net, 1e-2)!(net);
        var g0 = scales[0].grad!.data<float>().ToArray();
        Assert.That(g0[0], Is.EqualTo(0.25f + 0.01f).Within(1e-7), "γ = 0.5: 0.25 + s·1");
        Assert.That(g0[1], Is.EqualTo(0.25f - 0.01f).Within(1e-7), "γ = −0.2: 0.25 − s");
        Assert.That(g0[2], Is.EqualTo(0.25f).Within(1e-7), "γ = 0: sign 0, no penalty");
        var gamma1 = scales[1].data<float>().ToArray();
        var g1 = scales[1].grad!.data<float>().ToArray();
        for (var i = 0; i < g1.Length; i++) Assert.That(g1[i], Is.EqualTo(0.25f + 0.01f * Math.Sign(gamma1[i])).Within(1e-7));
        Assert.That(EarlyBirdTrainer.BatchNormL1(net, 0), Is.Null, "s = 0 adds nothing");
    }

    [Test]
    public void Retraining_KeepsTheBatchNormPenalty_AsRetrainContinueSh_FromRelease4_AndReleases3AndBeforeRetrainWithout()
    {
        var method = new EarlyBirdMethod();
        Assert.That(method.Bind(Hparams.From(Array.Empty<KeyValuePair<string, object>>())).RetrainBnL1, Is.True);
        Assert.That(method.Bind(Hparams.From(Array.Empty<KeyValuePair<string, object>>()), DefaultsVersion.Release3).RetrainBnL1, Is.False,
            "a study of release 3 keeps the retraining it ran with");

        // The same search (identical rows), then EB Train and its control with and without the penalty: a large s (0.05)
        // pulls every scale of the retrained network towards 0, so Σ|γ| after retraining is smaller with it.
        const string Eb = "name = early-bird, ratio = 0.3, check-every = 2, bn-l1 = 0.05";
        var (gOn, layoutOn, on) = Tests.Support.RunnerStudy.Run($"{{ {Eb} }}", model: "conv-2-bn", training: ", iterations = 60");
        var (gOff, layoutOff, off) = Tests.Support.RunnerStudy.Run($"{{ {Eb}, retrain-bn-l1 = false }}", model: "conv-2-bn", training: ", iterations = 60");
        var searchOn = gOn.Tasks.Single(t => t.Round == 0);
        var searchOff = gOff.Tasks.Single(t => t.Round == 0);
        Assert.That(on[searchOn.TaskId].Measurements.Get(EarlyBirdMeasurements.TicketDrawnAt.Name), Is.Not.Null);
        Assert.That(off[searchOff.TaskId].Measurements.Get(EarlyBirdMeasurements.TicketDrawnAt.Name), Is.EqualTo(on[searchOn.TaskId].Measurements.Get(EarlyBirdMeasurements.TicketDrawnAt.Name)));
        Assert.That(off[searchOff.TaskId].TestAccuracyFinal, Is.EqualTo(on[searchOn.TaskId].TestAccuracyFinal), "the search is the same run");
        foreach (var branch in new[] { Branches.Main, Branches.RandomReinit })
        {
            double L1(TaskGraph g, StudyLayout layout)
            {
                using var net = ModelRegistry.Create("conv-2-bn", 1, 12, 12, 10);
                new ArtifactStore(layout).LoadWeights(g.Tasks.Single(t => t.Round == 1 && t.Branch == branch).TaskId, ArtifactNames.Final, net);
                return net.ChannelGroups.Sum(c => net.ParametersByName()[c.BatchNormScale].abs().sum().item<float>());
            }
            Assert.That(L1(gOn, layoutOn), Is.LessThan(L1(gOff, layoutOff)), $"{branch}: the penalty shrinks the retrained scales");
        }
    }
}
