using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Data;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Tests.Runner;

[NonParallelizable]
public class TorchTaskRunnerTests
{
    private static readonly StudyCatalog Catalog = new(DatasetRegistry.Names.ToArray(), Models.ModelRegistry.IsKnown, "lenet");

    private static TaskGraph Graph(string extraMethod = "", string training = "") => TaskGraph.Build(new StudyLoader(Catalog).LoadText($$"""
        name = t
        dataset = synthetic
        model = lenet-16-8
        seeds = [3]
        training { iterations = 60, eval-every = 20, batch-size = 32, validation-size = 400 {{training}} }
        methods = [ { name = imp, rounds = 2, controls = [random-reinit, random-mask] {{extraMethod}} } ]
        """));

    private static (StudyLayout Layout, TorchTaskRunner Runner) NewRunner()
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-runner").FullName);
        return (layout, new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load)));
    }

    private static Dictionary<string, TaskResult> RunAll(TaskGraph g, TorchTaskRunner runner) =>
        g.Tasks.ToDictionary(t => t.TaskId, t => runner.Run(t, _ => { }, CancellationToken.None));

    private static Dictionary<string, float[]> Floats(StudyLayout layout, string taskId, string name) =>
        TensorFile.Load(layout.Artifact(taskId, name)).Where(e => e.Data is float[]).ToDictionary(e => e.Name, e => (float[])e.Data);

    [Test]
    public void Lineage_ImpWithControls_TrainsEveryTaskAndPrunesEachRound()
    {
        var g = Graph();
        var (layout, runner) = NewRunner();
        var results = RunAll(g, runner);
        var main = g.Tasks.Where(t => t.Branch == Branches.Main).OrderBy(t => t.Round).Select(t => results[t.TaskId]).ToList();
        Assert.That(main.Select(r => r.WeightsRemaining), Is.Ordered.Descending);
        Assert.That(main[0].WeightsRemaining, Is.EqualTo(1.0));
        // lenet-16-8 on 1×12×12: fc 2,304 + 128, output 80 → after one round ceil-rounded 20 % / 10 %
        Assert.That(main[1].ParamsNonzero, Is.EqualTo(main[1].ParamsTotal - (461 + 26 + 8)));
        foreach (var t in g.Tasks)
        {
            Assert.That(File.Exists(layout.Artifact(t.TaskId, ArtifactNames.Final)), t.TaskId);
            Assert.That(results[t.TaskId].Curve.First().Iteration, Is.EqualTo(0));
            Assert.That(results[t.TaskId].Curve.Last().Iteration, Is.EqualTo(60));
            if (t.Branch != Branches.Main)
                Assert.That(results[t.TaskId].WeightsRemaining, Is.EqualTo(results[t.ParentTaskId!].WeightsRemaining), "controls keep the round's density");
        }
        Assert.That(main[0].TestAccuracyFinal, Is.GreaterThan(0.5), "the synthetic task is learnable");
    }

    [Test]
    public void PrunedWeights_StayExactlyZeroThroughTraining()
    {
        var g = Graph();
        var (layout, runner) = NewRunner();
        RunAll(g, runner);
        foreach (var t in g.Tasks.Where(t => t.Round > 0))
        {
            var mask = TensorFile.Load(layout.Artifact(t.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
            var final = Floats(layout, t.TaskId, ArtifactNames.Final);
            foreach (var (name, m) in mask)
                for (var i = 0; i < m.Length; i++)
                    if (m[i] == 0f) Assert.That(final[name][i], Is.EqualTo(0f), $"{t.Branch} r{t.Round} {name}[{i}]");
        }
    }

    [Test]
    public void PrunedRound_StartsFromTheSurvivorsOfTheta0_BitExactly()
    {
        var g = Graph();
        var (layout, runner) = NewRunner();
        RunAll(g, runner);
        var root = g.Tasks.Single(t => t.Round == 0);
        var round2 = g.Tasks.Single(t => t.Round == 2 && t.Branch == Branches.Main);
        var theta0 = Floats(layout, root.TaskId, ArtifactNames.Init);
        var start = Floats(layout, round2.TaskId, ArtifactNames.Init);
        var mask = TensorFile.Load(layout.Artifact(round2.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
        foreach (var (name, values) in theta0)
        {
            var expected = mask.TryGetValue(name, out var m) ? values.Select((v, i) => v * m[i]).ToArray() : values;
            Assert.That(start[name], Is.EqualTo(expected), name);
        }
    }

    [Test]
    public void Rewinding_ToIterationK_StartsFromThetaKAndTrainsTheRemainingIterations()
    {
        var g = Graph(extraMethod: ", rewind-iteration = 20");
        var (layout, runner) = NewRunner();
        var results = RunAll(g, runner);
        var root = g.Tasks.Single(t => t.Round == 0);
        var round1 = g.Tasks.Single(t => t.Round == 1 && t.Branch == Branches.Main);
        Assert.That(results[round1.TaskId].Iterations, Is.EqualTo(40));
        Assert.That(results[round1.TaskId].Curve.First().Iteration, Is.EqualTo(20));
        var thetaK = Floats(layout, root.TaskId, ArtifactNames.Rewind);
        var start = Floats(layout, round1.TaskId, ArtifactNames.Init);
        Assert.That(start["layers.0.bias"], Is.EqualTo(thetaK["layers.0.bias"]));
        Assert.That(thetaK["layers.0.weight"], Is.Not.EqualTo(Floats(layout, root.TaskId, ArtifactNames.Init)["layers.0.weight"]));
    }

    [Test]
    public void SameSeed_GivesBitIdenticalFinalWeights()
    {
        var root = Graph().Tasks[0];
        var (a, runnerA) = NewRunner();
        var (b, runnerB) = NewRunner();
        runnerA.Run(root, _ => { }, CancellationToken.None);
        runnerB.Run(root, _ => { }, CancellationToken.None);
        Assert.That(File.ReadAllBytes(b.Artifact(root.TaskId, ArtifactNames.Final)), Is.EqualTo(File.ReadAllBytes(a.Artifact(root.TaskId, ArtifactNames.Final))));
    }

    [Test]
    public void TrainingInit_Pytorch_IsWhatTheTaskStartsFrom_TheDefaultKeepsTheModelsOwn()
    {
        var torchRoot = Graph(training: ", init = pytorch").Tasks[0];
        var ownRoot = Graph().Tasks[0];
        var (layout, runner) = NewRunner();
        runner.Run(torchRoot, _ => { }, CancellationToken.None);
        runner.Run(ownRoot, _ => { }, CancellationToken.None);
        var torchInit = Floats(layout, torchRoot.TaskId, ArtifactNames.Init);
        var ownInit = Floats(layout, ownRoot.TaskId, ArtifactNames.Init);
        // lenet-16-8 on 1×12×12: the first layer's fan-in is 144, so torch.nn draws its weights and biases from U(−1/12, 1/12)
        Assert.That(torchInit["layers.0.bias"].Max(Math.Abs), Is.GreaterThan(0f).And.LessThanOrEqualTo(1 / 12f));
        Assert.That(torchInit["layers.0.weight"].Max(Math.Abs), Is.LessThanOrEqualTo(1 / 12f));
        Assert.That(ownInit["layers.0.bias"], Is.All.EqualTo(0f), "the model's own (Glorot normal) init has zero biases");
        Assert.That(ownInit["layers.0.weight"].Max(Math.Abs), Is.GreaterThan(1 / 12f), "Glorot normal (σ = √(2/160)) reaches past 1/12 among 2,304 draws");
        Assert.That(torchRoot.TaskId, Is.Not.EqualTo(ownRoot.TaskId), "init = pytorch is a different trial");
    }

    [Test]
    public void DivergingLoss_IsADeterministicFailure()
    {
        var root = Graph(training: ", optimizer = sgd, lr = 1e12").Tasks[0];
        var (_, runner) = NewRunner();
        var e = Assert.Throws<DeterministicTaskFailure>(() => runner.Run(root, _ => { }, CancellationToken.None))!;
        Assert.That(e.Message, Does.Contain("training loss is"));
    }

    [Test]
    public void MissingParentArtifact_IsAClearError()
    {
        var round1 = Graph().Tasks.First(t => t.Round == 1);
        var (_, runner) = NewRunner();
        var e = Assert.Throws<FileNotFoundException>(() => runner.Run(round1, _ => { }, CancellationToken.None))!;
        Assert.That(e.Message, Does.Contain(round1.ParentTaskId!).And.Contain("mask.pt"));
    }
}
