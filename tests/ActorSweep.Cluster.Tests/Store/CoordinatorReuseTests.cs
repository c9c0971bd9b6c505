using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Store;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Store;

/// <summary>The coordinator with a task store: a second study of the same tasks trains none, and one that shares part trains only the rest.</summary>
[NonParallelizable]
public class CoordinatorReuseTests
{
    private static async Task<(InMemoryResultStore Rows, FakeRunner Runner, int Reused)> RunAsync(TaskGraph graph, string folder, TaskStore store, bool consult = true)
    {
        var layout = new StudyLayout(folder);
        var rows = new InMemoryResultStore();
        var runner = new FakeRunner();
        var role = new CoordinatorRole(graph, rows, null, layout.ArtifactsDir) { Reuse = new TaskReuse(store, layout.ArtifactsDir, TaskReuse.SourceOf(graph.Study, folder), consult) };
        await using var node = SweepNode.Start(new NodeOptions(), role, new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var status = await node.WaitUntilDoneAsync(timeout.Token);
        Assert.That(status.Done, Is.True);
        return (rows, runner, status.Reused);
    }

    /// <summary>Runs <paramref name="earlier"/> into a fresh store, then <paramref name="extended"/> against it.</summary>
    private static async Task<(InMemoryResultStore Rows, FakeRunner Runner, int Reused)> ExtendAsync(TaskGraph earlier, TaskGraph extended)
    {
        var root = Directory.CreateTempSubdirectory("actorsweep-reuse").FullName;
        var store = new TaskStore(Path.Combine(root, "store"));
        await RunAsync(earlier, Path.Combine(root, "earlier"), store);
        return await RunAsync(extended, Path.Combine(root, "extended"), store);
    }

    [Test]
    public async Task SecondStudyOfTheSameTasks_TrainsNone_AndItsRowsCarryTheFirstStudysFiguresAndName()
    {
        var root = Directory.CreateTempSubdirectory("actorsweep-reuse").FullName;
        var store = new TaskStore(Path.Combine(root, "store"));
        var graph = Studies.Imp(seeds: 2, rounds: 2, name: "first");
        var first = await RunAsync(graph, Path.Combine(root, "first"), store);
        Assert.That(first.Runner.Ran, Has.Count.EqualTo(graph.Tasks.Count));
        Assert.That(first.Reused, Is.Zero);
        Assert.That(first.Rows.Records.Select(r => r.ReusedFrom), Is.All.Null);

        var again = Studies.Imp(seeds: 2, rounds: 2, name: "second");
        var second = await RunAsync(again, Path.Combine(root, "second"), store);
        Assert.That(second.Runner.Ran, Is.Empty, "every task came from the store");
        Assert.That(second.Reused, Is.EqualTo(again.Tasks.Count));
        Assert.That(second.Rows.Records.Select(r => r.Spec.TaskId), Is.EquivalentTo(again.Tasks.Select(t => t.TaskId)), "one row per task");
        Assert.That(second.Rows.Records.Select(r => r.ReusedFrom), Is.All.EqualTo(TaskReuse.SourceOf("first", Path.Combine(root, "first"))));
        Assert.That(second.Rows.Records.Select(r => r.Spec.Study), Is.All.EqualTo("second"), "the rows are this study's");
        var before = first.Rows.Records.ToDictionary(r => r.Spec.TaskId);
        foreach (var r in second.Rows.Records)
        {
            var trained = before[r.Spec.TaskId].Result!;
            Assert.That(r.Result!.TestAccuracyFinal, Is.EqualTo(trained.TestAccuracyFinal));
            Assert.That(r.Result.WeightsRemaining, Is.EqualTo(trained.WeightsRemaining));
            Assert.That(r.Result.Curve, Is.EqualTo(trained.Curve));
        }

        var noReuse = await RunAsync(again, Path.Combine(root, "third"), store, consult: false);
        Assert.That(noReuse.Runner.Ran, Has.Count.EqualTo(again.Tasks.Count), "--no-reuse trains every task");
    }

    [Test]
    public async Task AStudyExtendedByOneSeed_TrainsOnlyTheNewSeedsTasks()
    {
        var two = Studies.Imp(seeds: 2, rounds: 2, name: "two");
        var three = Studies.Imp(seeds: 3, rounds: 2, name: "three");
        var extended = await ExtendAsync(two, three);
        var shared = two.Tasks.Select(t => t.TaskId).ToHashSet();
        Assert.That(extended.Runner.Ran, Is.EquivalentTo(three.Tasks.Where(t => !shared.Contains(t.TaskId)).Select(t => t.TaskId)), "only the new seed's tasks");
        Assert.That(extended.Runner.Ran, Is.Not.Empty);
        Assert.That(extended.Reused, Is.EqualTo(shared.Count));
    }

    [Test]
    public async Task AStudyExtendedByRounds_TrainsOnlyTheNewRounds()
    {
        var four = Studies.Imp(seeds: 1, rounds: 4, name: "four-rounds");
        var extended = await ExtendAsync(Studies.Imp(seeds: 1, rounds: 2, name: "two-rounds"), four);
        Assert.That(extended.Runner.Ran.Select(id => four.Tasks.Single(t => t.TaskId == id)).Select(t => t.Round), Is.All.GreaterThan(2),
            "rounds 0–2 and their controls came from the store (the dense trial too)");
        Assert.That(extended.Runner.Ran, Has.Count.EqualTo(2 * 2), "rounds 3 and 4 with their random re-init controls");
        Assert.That(extended.Reused, Is.EqualTo(four.Tasks.Count - 4));
    }
}
