using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Results;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Results;

public class ResultSinkTests : NUnitTestKit
{
    public ResultSinkTests() : base(SweepConfig.Local()) { }

    private static TaskRecord Record(int i)
    {
        var spec = new TaskSpec($"t{i}", "trial", "s", "dense", Branches.Main, 0, 1, Array.Empty<string>(), null, Hparams.Empty);
        return new TaskRecord(spec, TaskStatuses.Completed, null, 1, "n", DateTime.UnixEpoch, DateTime.UnixEpoch, null);
    }

    /// <summary>A store whose first write waits until the test opens the gate.</summary>
    private sealed class GatedStore : IResultStore
    {
        public readonly ManualResetEventSlim Gate = new(false);
        public readonly ManualResetEventSlim Writing = new(false);
        public readonly List<int> BatchSizes = new();

        public void Write(IReadOnlyList<TaskRecord> records)
        {
            Writing.Set();
            if (BatchSizes.Count == 0) Gate.Wait(TimeSpan.FromSeconds(30));
            BatchSizes.Add(records.Count);
        }

        public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults) { }

        public IReadOnlyDictionary<string, string> ExistingRows() => new Dictionary<string, string>();
    }

    [Test]
    public void GroupCommit_ALoneRecordIsWrittenAtOnce_AndRecordsArrivingDuringAWriteFormTheNextBatch()
    {
        var store = new GatedStore();
        var sink = ChildActorOf(ResultSinkActor.Props(store, batchSize: 64, flushInterval: TimeSpan.Zero));
        sink.Tell(new WriteRecords(new[] { Record(0) }), TestActor);
        Assert.That(store.Writing.Wait(TimeSpan.FromSeconds(10)), Is.True, "the lone record is written without waiting for a timer");
        for (var i = 1; i <= 10; i++) sink.Tell(new WriteRecords(new[] { Record(i) }), TestActor);
        store.Gate.Set();

        Assert.That(ExpectMsg<RecordsWritten>(TimeSpan.FromSeconds(10)).Records.Select(r => r.TaskId), Is.EqualTo(new[] { "t0" }));
        Assert.That(ExpectMsg<RecordsWritten>(TimeSpan.FromSeconds(10)).Records.Select(r => r.TaskId), Is.EqualTo(Enumerable.Range(1, 10).Select(i => $"t{i}")));
        Assert.That(store.BatchSizes, Is.EqualTo(new[] { 1, 10 }));
    }
}
