using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Tests.Methods;

/// <summary>Every method of a study runs end to end through the TorchSharp runner on synthetic data.</summary>
[NonParallelizable]
public class MethodRunnerTests
{
    private static (TaskGraph Graph, StudyLayout Layout, Dictionary<string, TaskResult> Results) Run(string methods, string training = "", string model = "lenet-16-8") =>
        Support.RunnerStudy.Run(methods, training, model);

    [TestCase("snip")]
    [TestCase("grasp")]
    [TestCase("synflow")]
    [TestCase("random")]
    [TestCase("set")]
    [TestCase("rigl")]
    public void SparseFromTheStart_KeepsTheTargetCount_AndLearns(string method)
    {
        var (g, layout, results) = Run($"{{ name = {method}, sparsity = 0.8 {(method is "set" or "rigl" ? ", update-every = 10" : "")} }}");
        var task = g.Tasks.Single();
        var r = results[task.TaskId];
        const long prunable = 144 * 16 + 16 * 8 + 8 * 10;
        Assert.That(r.WeightsRemaining * prunable, Is.EqualTo(prunable - Math.Floor(0.8 * prunable)).Within(method is "set" or "rigl" or "random" ? 3 : 0.5),
            "the target count (per-layer floors for layer distributions)");
        Assert.That(r.TestAccuracyFinal, Is.GreaterThan(0.2), "a sparse network still learns the synthetic task (chance is 0.1)");
        Assert.That(r.FlopsSparse, Is.LessThan(r.FlopsDense!.Value));
        Assert.That(r.Layers.Sum(l => l.Nonzero), Is.EqualTo((long)Math.Round(r.WeightsRemaining * prunable)));
        var mask = TensorFile.Load(layout.Artifact(task.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
        var final = TensorFile.Load(layout.Artifact(task.TaskId, ArtifactNames.Final)).Where(e => e.Data is float[]).ToDictionary(e => e.Name, e => (float[])e.Data);
        foreach (var (name, m) in mask)
            for (var i = 0; i < m.Length; i++)
                if (m[i] == 0f) Assert.That(final[name][i], Is.EqualTo(0f), $"{name}[{i}] is pruned in the saved mask and must be zero");
    }

    [Test]
    public void Metrics_LeNet_FlopsAreTheWeightCounts_AndSpeedupFollowsTheMask()
    {
        var (g, _, results) = Run("{ name = oneshot, sparsity = 0.75 }");
        var dense = results[g.Tasks.Single(t => t.Round == 0).TaskId];
        var sparse = results[g.Tasks.Single(t => t.Round == 1).TaskId];
        Assert.That(dense.FlopsDense, Is.EqualTo(144.0 * 16 + 16 * 8 + 8 * 10), "a linear layer costs in·out multiply-adds");
        Assert.That(dense.FlopsSparse, Is.EqualTo(dense.FlopsDense));
        Assert.That(sparse.FlopsSparse, Is.EqualTo(sparse.Layers.Sum(l => l.FlopsDense * l.Nonzero / l.Total)).Within(1e-9));
        Assert.That(sparse.Layers.Select(l => l.Kind), Is.EqualTo(new[] { "fc", "fc", "output" }));
    }

    [TestCase("conv-2", 0.1)]
    [TestCase("resnet-20", 0.2)]
    public void ConvModels_TrainAndPruneThroughTheRunner_WithConvolutionFlopsPerOutputPosition(string model, double convRate)
    {
        var (g, _, results) = Run("{ name = imp, rounds = 1 }", training: ", batch-size = 16", model: model);
        var dense = results[g.Tasks.Single(t => t.Round == 0).TaskId];
        var pruned = results[g.Tasks.Single(t => t.Round == 1).TaskId];
        var firstConv = dense.Layers.First(l => l.Kind == "conv");
        Assert.That(firstConv.FlopsDense, Is.EqualTo(firstConv.Total * 144.0), "the stem keeps the 12×12 input size: one kernel pass per output position");
        var prunedConv = pruned.Layers.First(l => l.Kind == "conv");
        Assert.That(prunedConv.Nonzero, Is.EqualTo(prunedConv.Total - (long)Math.Ceiling(convRate * prunedConv.Total)), "the model's conv rate, rounded like open_lth");
        Assert.That(pruned.FlopsSparse, Is.LessThan(dense.FlopsSparse!.Value));
        Assert.That(double.IsFinite(pruned.TestAccuracyFinal), Is.True);
    }
}
