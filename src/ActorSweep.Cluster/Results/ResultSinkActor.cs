using Akka.Actor;
using Akka.Event;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Results;

/// <summary>
/// Makes finished records durable in batches (one Parquet part per batch, not per task) and tells
/// its parent, the coordinator, which records are written — only then is a task completed. With a zero
/// flush interval (the default) it group-commits: records that arrive while a write is under way form the
/// next batch, and a lone record is written at once. A write that throws keeps the batch and retries on the
/// next tick: nothing is dropped.
/// </summary>
public sealed class ResultSinkActor : ReceiveActor, IWithTimers
{
    private const string FlushTimer = "flush";
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);
    private readonly IResultStore _store;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<TaskRecord> _buffer = new();
    private readonly List<NodeFaultRecord> _faults = new();
    private readonly List<IActorRef> _flushWaiters = new();
    private HashSet<string>? _written;
    private bool _flushQueued;

    /// <summary>Creates the sink over <paramref name="store"/>.</summary>
    public ResultSinkActor(IResultStore store, int batchSize, TimeSpan flushInterval)
    {
        _store = store;
        _batchSize = Math.Max(1, batchSize);
        _flushInterval = flushInterval;
        Receive<WriteRecords>(w =>
        {
            _buffer.AddRange(w.Records);
            if (_buffer.Count >= _batchSize) Flush();
            else if (_flushInterval > TimeSpan.Zero) { if (!Timers.IsTimerActive(FlushTimer)) Timers.StartSingleTimer(FlushTimer, Tick.Instance, _flushInterval); }
            else if (!_flushQueued)
            {
                // Group commit: the marker queues behind every record already in the mailbox, so those arrive
                // first and go into the same part; nothing waits on a timer (an IMP child waits on this write).
                _flushQueued = true;
                Self.Tell(FlushNow.Instance);
            }
        });
        Receive<WriteFaultRecords>(w => { _faults.AddRange(w.Faults); Flush(); });
        Receive<Tick>(_ => Flush());
        Receive<FlushNow>(_ => { _flushQueued = false; Flush(); });
        Receive<FlushResults>(_ => { _flushWaiters.Add(Sender); Flush(); });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the sink.</summary>
    public static Props Props(IResultStore store, int batchSize, TimeSpan flushInterval) =>
        Akka.Actor.Props.Create(() => new ResultSinkActor(store, batchSize, flushInterval));

    private void Flush()
    {
        Timers.Cancel(FlushTimer);
        var retry = _flushInterval > TimeSpan.Zero ? _flushInterval : RetryInterval;
        if (_faults.Count > 0)
        {
            try
            {
                _store.WriteFaults(_faults.ToList());
                _faults.Clear();
            }
            catch (Exception e)
            {
                _log.Error(e, "writing {0} node faults failed; keeping them and retrying in {1}", _faults.Count, retry);
                Timers.StartSingleTimer(FlushTimer, Tick.Instance, retry);
            }
        }
        if (_buffer.Count > 0)
        {
            var batch = _buffer.ToList();
            try
            {
                // Exactly one row per task: a record whose task already has a row (a late duplicate, or a
                // resume that found the row before the journal knew) is acknowledged but not written again.
                _written ??= _store.ExistingTaskIds().ToHashSet(StringComparer.Ordinal);
                var fresh = batch.Where(r => !_written.Contains(r.Spec.TaskId)).GroupBy(r => r.Spec.TaskId).Select(g => g.Last()).ToList();
                if (fresh.Count > 0) _store.Write(fresh);
                _written.UnionWith(fresh.Select(r => r.Spec.TaskId));
            }
            catch (Exception e)
            {
                _log.Error(e, "writing {0} results failed; keeping them and retrying in {1}", batch.Count, retry);
                Timers.StartSingleTimer(FlushTimer, Tick.Instance, retry);
                return;
            }
            _buffer.Clear();
            Context.Parent.Tell(new RecordsWritten(batch.Select(r => (r.Spec.TaskId, r.Attempt, r.Status)).ToList()));
        }
        foreach (var w in _flushWaiters) w.Tell(Flushed.Instance);
        _flushWaiters.Clear();
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record FlushNow
    {
        public static readonly FlushNow Instance = new();
    }
}
