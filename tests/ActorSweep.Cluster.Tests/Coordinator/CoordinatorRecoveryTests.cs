using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cluster.Tests.Coordinator;

/// <summary>The coordinator's journal (SQLite) and the Parquet rows together survive a crash.</summary>
[NonParallelizable]
public class CoordinatorRecoveryTests
{
    private static StudyLayout NewLayout() => new(Directory.CreateTempSubdirectory("actorsweep-resume").FullName);

    private static SweepNode Start(TaskGraph graph, StudyLayout layout, FakeRunner runner) =>
        SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, new ParquetResultStore(layout, $"w{Guid.NewGuid():N}"[..8]), layout.JournalFile),
            new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System);

    [Test]
    public async Task Crash_MidStudy_ThenResume_WritesExactlyOneRowPerTaskAndDoesNotRerunCompletedTasks()
    {
        var graph = Studies.Imp(seeds: 4, rounds: 3, name: "resume");
        var layout = NewLayout();
        var first = new FakeRunner { Duration = TimeSpan.FromMilliseconds(60) };
        var node = Start(graph, layout, first);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ParquetResultStore.ReadTaskIds(layout).Count < graph.Tasks.Count / 3 && DateTime.UtcNow < deadline) await Task.Delay(20);
        var before = ParquetResultStore.ReadTaskIds(layout);
        Assert.That(before.Count, Is.LessThan(graph.Tasks.Count), "the crash must come mid-study");
        await node.System.Terminate();   // a hard stop: no flush, leases in flight, buffered rows lost

        var journal = await ActorSweep.Cluster.Coordinator.JournalStatus.ReadAsync(graph, layout.JournalFile);
        var journalCompleted = journal.Tasks.Values.Where(t => t.Phase == TaskPhase.Completed).Select(t => t.Spec.TaskId).ToList();
        Assert.That(journal.IsFinished, Is.False);
        Assert.That(ParquetResultStore.ReadTaskIds(layout), Is.SupersetOf(journalCompleted), "a task is journaled completed only after its row is durable");

        var second = new FakeRunner { Duration = TimeSpan.FromMilliseconds(5) };
        await using (var resumed = Start(graph, layout, second))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var status = await resumed.WaitUntilDoneAsync(timeout.Token);
            Assert.That(status.Counts[TaskPhase.Completed], Is.EqualTo(graph.Tasks.Count));
        }

        var rows = TrialsFile.Read(layout, "task_id", "status");
        Assert.That(rows.Select(r => (string)r["task_id"]!), Is.EquivalentTo(graph.Tasks.Select(t => t.TaskId)), "exactly one row per task, none lost, none duplicated");
        Assert.That(second.Ran.Intersect(before), Is.Empty, "a task whose row was durable before the crash does not run again");
        Assert.That(Directory.GetFiles(layout.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Resume_WithAChangedTaskGraph_RefusesInsteadOfMixingStudies()
    {
        var layout = NewLayout();
        await using (var node = Start(Studies.Imp(seeds: 1, rounds: 1, name: "same"), layout, new FakeRunner()))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await node.WaitUntilDoneAsync(timeout.Token);
        }
        await using var changed = Start(Studies.Imp(seeds: 2, rounds: 1, name: "same"), layout, new FakeRunner());
        using var t2 = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var e = Assert.ThrowsAsync<InvalidOperationException>(async () => await changed.WaitUntilDoneAsync(t2.Token))!;
        Assert.That(e.Message, Does.Contain("different task graph"));
    }
}
