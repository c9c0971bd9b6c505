using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cluster.Tests.Coordinator;

/// <summary>
/// The coordinator's journal and the Parquet rows together survive a crash — with the default SQLite
/// journal and with a real PostgreSQL server (<see cref="PostgresServer"/>).
/// </summary>
[NonParallelizable]
public class CoordinatorRecoveryTests
{
    private static StudyLayout NewLayout() => new(Directory.CreateTempSubdirectory("actorsweep-resume").FullName);

    private static SweepNode Start(TaskGraph graph, StudyLayout layout, FakeRunner runner, JournalSettings journal) =>
        SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, new ParquetResultStore(layout, $"w{Guid.NewGuid():N}"[..8]), journal),
            new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System);

    /// <summary>The journal of <paramref name="layout"/>: SQLite in the folder, or a fresh PostgreSQL database.</summary>
    private static JournalSettings Journal(string kind, StudyLayout layout, string? database = null) => kind switch
    {
        "sqlite" => new JournalSettings.Sqlite(layout.JournalFile),
        "postgresql" => new JournalSettings.PostgreSql(database ?? PostgresServer.Instance.NewDatabase(), "actorsweep", StudyInstance.ReadOrCreate(layout)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "sqlite or postgresql"),
    };

    [Test]
    public async Task Crash_MidStudy_ThenResume_WritesExactlyOneRowPerTaskAndDoesNotRerunCompletedTasks([Values("sqlite", "postgresql")] string journalKind)
    {
        var graph = Studies.Imp(seeds: 4, rounds: 3, name: "resume");
        var layout = NewLayout();
        var journalSettings = Journal(journalKind, layout);
        if (journalSettings is JournalSettings.PostgreSql) Assert.That(File.Exists(layout.JournalFile), Is.False);
        var first = new FakeRunner { Duration = TimeSpan.FromMilliseconds(60), HangAfterCalls = graph.Tasks.Count / 2 };
        var node = Start(graph, layout, first, journalSettings);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ParquetResultStore.ReadTaskIds(layout).Count < graph.Tasks.Count / 3 && DateTime.UtcNow < deadline) await Task.Delay(20);
        var before = ParquetResultStore.ReadTaskIds(layout);
        Assert.That(before.Count, Is.LessThan(graph.Tasks.Count), "the crash must come mid-study");
        await node.System.Terminate();   // a hard stop: no flush, leases in flight, buffered rows lost

        var journal = await ActorSweep.Cluster.Coordinator.JournalStatus.ReadAsync(graph, journalSettings);
        var journalCompleted = journal.Tasks.Values.Where(t => t.Phase == TaskPhase.Completed).Select(t => t.Spec.TaskId).ToList();
        Assert.That(journal.IsFinished, Is.False);
        Assert.That(ParquetResultStore.ReadTaskIds(layout), Is.SupersetOf(journalCompleted), "a task is journaled completed only after its row is durable");

        var second = new FakeRunner { Duration = TimeSpan.FromMilliseconds(5) };
        await using (var resumed = Start(graph, layout, second, journalSettings))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var status = await resumed.WaitUntilDoneAsync(timeout.Token);
            Assert.That(status.Counts[TaskPhase.Completed], Is.EqualTo(graph.Tasks.Count));
        }

        var rows = TrialsFile.Read(layout, "task_id", "status");
        Assert.That(rows.Select(r => (string)r["task_id"]!), Is.EquivalentTo(graph.Tasks.Select(t => t.TaskId)), "exactly one row per task, none lost, none duplicated");
        Assert.That(second.Ran.Intersect(before), Is.Empty, "a task whose row was durable before the crash does not run again");
        Assert.That(Directory.GetFiles(layout.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        if (journalSettings is JournalSettings.PostgreSql) Assert.That(File.Exists(layout.JournalFile), Is.False, "no SQLite file when the journal is PostgreSQL");
    }

    [Test]
    public async Task PostgreSqlJournal_TwoFoldersWithTheSameStudyName_DoNotShareEvents()
    {
        var database = PostgresServer.Instance.NewDatabase();
        var graph = Studies.Imp(seeds: 1, rounds: 1, name: "twin");
        var first = NewLayout();
        await using (var node = Start(graph, first, new FakeRunner(), Journal("postgresql", first, database)))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await node.WaitUntilDoneAsync(timeout.Token);
        }
        var second = NewLayout();
        var fresh = new FakeRunner();
        await using (var node = Start(graph, second, fresh, Journal("postgresql", second, database)))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await node.WaitUntilDoneAsync(timeout.Token);
        }
        Assert.That(StudyInstance.ReadOrCreate(first), Is.Not.EqualTo(StudyInstance.ReadOrCreate(second)));
        Assert.That(fresh.Ran, Is.EquivalentTo(graph.Tasks.Select(t => t.TaskId)), "the second folder's study starts from nothing");
        Assert.That(ParquetResultStore.ReadTaskIds(second), Is.EquivalentTo(graph.Tasks.Select(t => t.TaskId)));
    }

    [Test]
    public async Task Resume_WithAChangedTaskGraph_RefusesInsteadOfMixingStudies()
    {
        var layout = NewLayout();
        var journal = Journal("sqlite", layout);
        await using (var node = Start(Studies.Imp(seeds: 1, rounds: 1, name: "same"), layout, new FakeRunner(), journal))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await node.WaitUntilDoneAsync(timeout.Token);
        }
        await using var changed = Start(Studies.Imp(seeds: 2, rounds: 1, name: "same"), layout, new FakeRunner(), journal);
        using var t2 = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var e = Assert.ThrowsAsync<InvalidOperationException>(async () => await changed.WaitUntilDoneAsync(t2.Token))!;
        Assert.That(e.Message, Does.Contain("different task graph"));
    }

    [Test]
    public async Task Resume_WithAStudyFileWhoseTasksAllChanged_RefusesWithBothGraphs_InsteadOfFailingTheReplay()
    {
        var layout = NewLayout();
        var journal = Journal("sqlite", layout);
        await using (var node = Start(Studies.Imp(seeds: 1, rounds: 1, name: "edited"), layout, new FakeRunner(), journal))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await node.WaitUntilDoneAsync(timeout.Token);
        }
        // Another round changes every task id (method.rounds is a hyperparameter): the journal names only unknown tasks.
        var edited = Studies.Imp(seeds: 1, rounds: 2, name: "edited");
        await using var changed = Start(edited, layout, new FakeRunner(), journal);
        using var t2 = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var e = Assert.ThrowsAsync<InvalidOperationException>(async () => await changed.WaitUntilDoneAsync(t2.Token))!;
        Assert.That(e.Message, Does.Contain("different task graph").And.Contain($"the study file now gives {edited.Tasks.Count} tasks"));
        var started = await JournalStatus.ReadStartAsync("edited", journal);
        Assert.That(started!.Tasks, Is.EqualTo(Studies.Imp(seeds: 1, rounds: 1, name: "edited").Tasks.Count));
        Assert.That(started.Fingerprint, Is.Not.EqualTo(edited.Fingerprint));
    }
}
