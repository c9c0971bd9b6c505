using ActorSweep.Core.Layout;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Data;
using ActorSweep.Training.Methods.Imp;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Tests.Methods;

/// <summary>Release 2's corrections against the reference code, each on a case small enough to check by hand.</summary>
[NonParallelizable]
public class FidelityTests
{
    private static (TaskGraph Graph, StudyLayout Layout, Dictionary<string, TaskResult> Results) Run(string methods, int version, string model = "lenet-16-8", string training = "") =>
        Support.RunnerStudy.Run(methods, training, model, seed: 5, evalEvery: 40, defaultsVersion: version);

    [TestCase(DefaultsVersion.Release1, 80)]
    [TestCase(DefaultsVersion.Release2, 60)]
    public void RandomReinit_WithRewinding_StartsAtTheRewindPointLikeTheTicket(int version, int iterations)
    {
        // open_lth's randomly_reinitialize trains from train_start_step; release 1 trained all T steps from 0.
        var (g, _, results) = Run("{ name = imp, rounds = 1, rewind-iteration = 20, controls = [random-reinit] }", version);
        var ticket = results[g.Tasks.Single(t => t.Round == 1 && t.Branch == Branches.Main).TaskId];
        var reinit = results[g.Tasks.Single(t => t.Branch == Branches.RandomReinit).TaskId];
        Assert.That(ticket.Iterations, Is.EqualTo(60));
        Assert.That(reinit.Iterations, Is.EqualTo(iterations));
        Assert.That(reinit.Curve[0].Iteration, Is.EqualTo(80 - iterations));
    }

    [Test]
    public void GlobalPruning_LeavesTheOutputLayerAloneWhereTheModelDoes_UnlessTheStudySays()
    {
        // Every output weight is the smallest in magnitude: pruning 20 % globally takes them first, unless excluded.
        using var lenet = new LeNet("lenet-4-2", 4, new[] { 4, 2 }, 3);
        var layers = lenet.PrunableLayers;
        var weights = layers.ToDictionary(l => l.Name, l => Enumerable.Repeat(l.Kind == LayerKind.Output ? 0.01f : 1f, (int)l.Count).Select((w, i) => w + i * 1e-4f).ToArray());
        var ones = Mask.Ones(layers);
        var options = new MagnitudePruningOptions(MagnitudePruningOptions.Global, null, null, null, 0.2, null);
        var byModel = ImpTrainer.Prune(lenet, ones, weights, options);
        Assert.That(lenet.ExcludesOutputFromGlobalPruning, Is.True, "open_lth's mnist_lenet ignores fc.weight");
        Assert.That(byModel.Kept(layers[^1].Name), Is.EqualTo(layers[^1].Count), "LeNet's output layer is not ranked");
        Assert.That(byModel.TotalKept, Is.EqualTo(ones.TotalKept - (long)Math.Ceiling(0.2 * (16 + 8))));
        var included = ImpTrainer.Prune(lenet, ones, weights, options with { ExcludeOutput = false });
        Assert.That(included.Kept(layers[^1].Name), Is.EqualTo(0), "all 6 output weights are among the 8 smallest of 30");
        using var resnet = ModelRegistry.Create("resnet-8", 1, 12, 12, 10);
        Assert.That(resnet.ExcludesOutputFromGlobalPruning, Is.False, "open_lth's cifar_resnet prunes fc.weight globally");
    }

    [Test]
    public void Rigl_OnAConvNet_KeepsTheFirstLayerDenseAndUnchanged_AsRiglsCifarCode()
    {
        var (g, layout, results) = Run("{ name = rigl, sparsity = 0.9, update-every = 10 }", DefaultsVersion.Release2, model: "conv-2", training: ", batch-size = 16");
        var task = g.Tasks.Single();
        var mask = TensorFile.Load(layout.Artifact(task.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
        var first = mask.First().Value;
        Assert.That(first.All(v => v == 1f), Is.True, "the first convolution stays dense");
        var rest = mask.Skip(1).ToList();
        var total = rest.Sum(m => (long)m.Value.Length);
        Assert.That(rest.Sum(m => m.Value.LongCount(v => v == 1f)) / (double)total, Is.EqualTo(0.1).Within(0.005), "90 % sparsity over the other layers");
        Assert.That(results[task.TaskId].WeightsRemaining, Is.GreaterThan(0.1));
    }

    [Test]
    public void Rigl_OnAnMlp_PrunesTheFirstLayer_AsRiglsMnistCode()
    {
        var (g, layout, _) = Run("{ name = rigl, sparsity = 0.9, update-every = 10 }", DefaultsVersion.Release2);
        var mask = TensorFile.Load(layout.Artifact(g.Tasks.Single().TaskId, ArtifactNames.Mask)).First();
        Assert.That(((float[])mask.Data).Count(v => v == 1f) / (double)((float[])mask.Data).Length, Is.LessThan(0.5));
    }
}
