using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;
using ActorSweep.Training.Data;
using ActorSweep.Training.Runner;
using ActorSweep.Cluster.Tests.Support;

namespace ActorSweep.Cluster.Tests.Hosting;

/// <summary>A whole study through the real parts: HOCON → task graph → actors → TorchSharp → Parquet.</summary>
[NonParallelizable]
public class EndToEndTests
{
    [Test]
    public async Task Study_OnSyntheticData_TrainsEveryTaskThroughTheActorsAndWritesOneParquetRowPerTask()
    {
        var catalog = new StudyCatalog(DatasetRegistry.Names.ToArray(), Training.Models.ModelRegistry.IsKnown, "lenet");
        var spec = new StudyLoader(catalog).LoadText("""
            name = e2e
            dataset = synthetic
            model = lenet-32-16
            seeds = [1, 2]
            training { iterations = 80, eval-every = 20, batch-size = 32, validation-size = 300 }
            methods = [
              { name = imp, rounds = 2, controls = [random-reinit] }
              { name = oneshot, sparsity = 0.8, strategy = global }
            ]
            """, "e2e.hocon");
        var graph = TaskGraph.Build(spec);
        var layout = new StudyLayout(Path.Combine(Directory.CreateTempSubdirectory("actorsweep-e2e").FullName, "e2e"));
        var store = new ParquetResultStore(layout, "test");
        await using (var node = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, store),
            new WorkerRole(device => new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load, device)), new[] { "cpu", "cpu" }), TimeProvider.System))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var status = await node.WaitUntilDoneAsync(timeout.Token);
            Assert.That(status.Done, Is.True);
        }

        var rows = TrialsFile.Read(layout, "task_id", "method", "branch", "seed", "round", "weights_remaining", "test_accuracy_final", "status")
            .Select(r => new Row((string)r["task_id"]!, (string)r["method"]!, (string)r["branch"]!, (int)r["seed"]!, (int)r["round"]!,
                (double?)r["weights_remaining"] ?? double.NaN, (double?)r["test_accuracy_final"] ?? double.NaN, (string)r["status"]!)).ToList();
        Assert.That(rows.Select(r => r.TaskId), Is.EquivalentTo(graph.Tasks.Select(t => t.TaskId)), "exactly one row per task");
        Assert.That(rows.All(r => r.Status == "completed"), Is.True);
        foreach (var seed in new[] { 1, 2 })
        {
            var imp = rows.Where(r => r.Method == "imp" && r.Branch == Branches.Main && r.Seed == seed).OrderBy(r => r.Round).ToList();
            Assert.That(imp.Select(r => r.WeightsRemaining), Is.Ordered.Descending);
            var oneshot = rows.Single(r => r.Method == "oneshot" && r.Round == 1 && r.Seed == seed);
            // Global one-shot on LeNet leaves the output layer out (open_lth's default, defaults version 2): 80 % of the
            // 144·32 + 32·16 ranked weights go, the 16·10 output weights stay.
            Assert.That(oneshot.WeightsRemaining, Is.EqualTo((0.2 * (144 * 32 + 32 * 16) + 16 * 10) / (144 * 32 + 32 * 16 + 16 * 10)).Within(0.001));
        }
        Assert.That(rows.Where(r => r.Round == 0).Min(r => r.TestAccuracy), Is.GreaterThan(0.5), "dense rounds learned the synthetic task");
        Assert.That(Directory.GetFiles(layout.CurvesDir, "*.parquet"), Is.Not.Empty);
        Assert.That(Directory.GetFiles(layout.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    private sealed record Row(string TaskId, string Method, string Branch, int Seed, int Round, double WeightsRemaining, double TestAccuracy, string Status);
}
