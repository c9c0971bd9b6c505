using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Coordination;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cluster.Tests.Coordinator;

/// <summary>A SQLite journal (with its write-ahead log) written by release 1 and left by a SIGKILL replays under this release.</summary>
public class Release1JournalTests
{
    [Test]
    public async Task Release1Journal_Replays_OverTheGraphTheCurrentCodeBuilds()
    {
        var layout = Release1Fixture.UnpackCrashedStudy();
        Assert.That(File.Exists(layout.JournalFile + "-wal"), Is.True, "the fixture keeps its write-ahead log");
        var graph = Release1Fixture.Graph(layout);
        var state = await JournalStatus.ReadAsync(graph, layout.JournalFile);

        Assert.That(state.Fingerprint, Is.EqualTo(graph.OrderedFingerprint), "release 1's StudyStarted (by .NET type name) still reads, with the graph-ordered fingerprint of its day");
        Assert.That(graph.Matches(state.Fingerprint!), Is.True, "and the graph is the same");
        Assert.That(state.StartedTaskCount, Is.EqualTo(48));
        var rows = ParquetResultStore.ReadTaskIds(layout);
        var completed = state.Tasks.Values.Where(t => t.Phase == TaskPhase.Completed).Select(t => t.Spec.TaskId).ToList();
        Assert.That(completed, Is.Not.Empty);
        Assert.That(rows, Is.SupersetOf(completed), "release 1 journaled completion only after the row");
        Assert.That(state.Tasks.Values.Count(t => t.Phase is TaskPhase.Leased or TaskPhase.Committing), Is.GreaterThan(0), "the crash left work in flight");
        Assert.That(state.IsFinished, Is.False);
    }
}
