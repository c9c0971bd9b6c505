using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Results;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// Owns the study's <see cref="CoordinatorState"/>: leases ready tasks to slots that ask, sends
/// finished records to its result sink, and marks a task completed only once its record is durable.
/// Leases of slots that stop or nodes that leave go back to the queue. All decisions are the pure
/// state machine's; this actor applies them, journals the events, and only after the journal write
/// acts on them (tells slots and the sink). The task graph comes from the study file, not the
/// journal; on recovery the journal is replayed over it and reconciled with the Parquet rows.
/// </summary>
public sealed class CoordinatorActor : ReceivePersistentActor
{
    private const int RecentFailuresKept = 20;
    private readonly string _study;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _sink;
    private readonly IResultStore _store;
    private readonly string _fingerprint;
    private readonly int _taskCount;
    private bool _journaledStart;
    private string? _fatal;
    private readonly Dictionary<IActorRef, string> _waiting = new();
    private readonly Dictionary<string, TaskProgress> _progress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _leasedAt = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recentFailures = new();
    private readonly HashSet<IActorRef> _watched = new();
    private readonly List<IActorRef> _doneWaiters = new();
    private CoordinatorState _state;
    private bool _done;
    private readonly IActorRef? _artifactHub;

    /// <summary>Creates the coordinator of <paramref name="graph"/>; results go to <paramref name="store"/>.</summary>
    public CoordinatorActor(TaskGraph graph, IResultStore store, string persistenceId, SweepSettings settings, TimeProvider time, IActorRef? artifactHub = null)
    {
        _study = graph.Study;
        _time = time;
        _store = store;
        _taskCount = graph.Tasks.Count;
        _fingerprint = Fingerprint(graph);
        PersistenceId = persistenceId;
        _artifactHub = artifactHub;
        var empty = CoordinatorState.Empty(settings.MaxAttempts);
        _state = empty.ApplyAll(empty.Decide(new RegisterTasks(graph.Tasks)));
        _sink = Context.ActorOf(ResultSinkActor.Props(store, settings.ResultsBatchSize, settings.ResultsFlushInterval), "result-sink");

        Recover<StudyStarted>(started =>
        {
            _journaledStart = true;
            if (started.Fingerprint != _fingerprint)
                _fatal = $"the journal belongs to a different task graph ({started.Tasks} tasks, fingerprint {started.Fingerprint}; the study file now gives {_taskCount} tasks, {_fingerprint}): the study file or task identity changed since the study started";
        });
        Recover<ICoordinatorEvent>(e => { if (_fatal is null) _state = _state.Apply(e); });
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<RequestWork>(r => { if (_fatal is null) OnRequestWork(Sender, r.Node); });
        Command<WaitUntilDone>(_ =>
        {
            if (_fatal is not null) Sender.Tell(new Status.Failure(new InvalidOperationException(_fatal)));
            else if (_done) Sender.Tell(Status());
            else _doneWaiters.Add(Sender);
        });
        Command<ReportProgress>(p => _progress[p.Progress.TaskId] = p.Progress);
        Command<ReportSuccess>(OnSuccess);
        Command<ReportFailure>(OnFailure);
        Command<RecordsWritten>(OnRecordsWritten);
        Command<Flushed>(_ => OnFlushed());
        Command<GetStatus>(_ => Sender.Tell(Status()));
        Command<FlushResults>(f => _sink.Forward(f));
        Command<Terminated>(t => OnSlotGone(t.ActorRef));
        Command<ClusterEvent.MemberRemoved>(m => Release(null, m.Member.Address.ToString(), $"node {m.Member.Address} left the cluster"));
        Command<ClusterEvent.IMemberEvent>(_ => { });
        Command<ClusterEvent.CurrentClusterState>(_ => { });
    }

    /// <summary>Props for the coordinator.</summary>
    public static Props Props(TaskGraph graph, IResultStore store, string persistenceId, SweepSettings settings, TimeProvider time, IActorRef? artifactHub = null) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(graph, store, persistenceId, settings, time, artifactHub));

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <inheritdoc />
    protected override void PreStart()
    {
        base.PreStart();
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    /// <summary>
    /// After replay: a task whose row is already in Parquet was completed (or failed) even if the journal
    /// did not record it yet (crash between the row and the event); a final task whose row is missing
    /// gets it written; every lease of the previous run goes back to the queue.
    /// </summary>
    private void OnRecovered()
    {
        if (_fatal is not null)
        {
            _log.Error("cannot resume study {0}: {1}", _study, _fatal);
            return;
        }
        if (!_journaledStart) Persist(new StudyStarted(_fingerprint, _taskCount), _ => _journaledStart = true);
        var existing = _store.ExistingTaskIds();
        foreach (var t in _state.Tasks.Values.OrderBy(t => t.Order))
        {
            if (t.Phase is TaskPhase.Leased or TaskPhase.Committing or TaskPhase.Pending && t.Attempts > 0 && existing.Contains(t.Spec.TaskId))
                Execute(new ConfirmCommit(t.Spec.TaskId, t.Attempts));
            else if (t.Phase is TaskPhase.Failed or TaskPhase.Skipped && !existing.Contains(t.Spec.TaskId))
            {
                var now = _time.GetUtcNow().UtcDateTime;
                var status = t.Phase == TaskPhase.Failed ? TaskStatuses.Failed : TaskStatuses.Skipped;
                _sink.Tell(new WriteRecords(new[] { new TaskRecord(t.Spec, status, t.Error, t.Attempts, "", now, now, null) }));
            }
        }
        Execute(RecoverAfterRestart.Instance);
        CheckDone();
    }

    private static string Fingerprint(TaskGraph graph) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", graph.Tasks.Select(t => t.TaskId)))))[..16];

    /// <inheritdoc />
    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    /// <summary>
    /// Decides, applies at once (so later decisions in the same message see the change), journals the
    /// events, and runs their side effects and <paramref name="then"/> only after the journal write.
    /// </summary>
    private IReadOnlyList<ICoordinatorEvent> Execute(ICoordinatorCommand command, Action? then = null)
    {
        var events = _state.Decide(command);
        _state = _state.ApplyAll(events);
        if (events.Count == 0)
        {
            then?.Invoke();
            return events;
        }
        PersistAll(events, _ => { });
        DeferAsync(events, written =>
        {
            AfterWrite(written);
            then?.Invoke();
        });
        return events;
    }

    private void AfterWrite(IReadOnlyList<ICoordinatorEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case TaskFailed f:
                    Remember($"{f.TaskId}: {f.Error}");
                    _progress.Remove(f.TaskId);
                    break;
                case TaskAttemptFailed a:
                    Remember($"{a.TaskId} attempt {a.Attempt}: {a.Error} (will retry)");
                    _progress.Remove(a.TaskId);
                    break;
                case TaskSkipped s:
                    var spec = _state.Tasks[s.TaskId].Spec;
                    var now = _time.GetUtcNow().UtcDateTime;
                    _sink.Tell(new WriteRecords(new[] { new TaskRecord(spec, TaskStatuses.Skipped, $"not run: task {s.CauseTaskId} failed", 0, "", now, now, null) }));
                    break;
                case LeaseReleased r:
                    _progress.Remove(r.TaskId);
                    _log.Info("task {0} attempt {1} re-queued: {2}", r.TaskId, r.Attempt, r.Reason);
                    break;
            }
        }
    }

    private void OnRequestWork(IActorRef slot, string node)
    {
        if (!_watched.Contains(slot)) { Context.Watch(slot); _watched.Add(slot); }
        if (_state.IsFinished) { slot.Tell(NoMoreWork.Instance); return; }
        TaskLeased? leased = null;
        var events = Execute(new LeaseTask(slot.Path.ToString(), node), () =>
        {
            if (leased is not null) slot.Tell(new AssignTask(_state.Tasks[leased.TaskId].Spec, leased.Attempt, _artifactHub));
        });
        leased = events.OfType<TaskLeased>().SingleOrDefault();
        if (leased is null) { _waiting[slot] = node; return; }
        _waiting.Remove(slot);
    }

    private void ServeWaiting()
    {
        foreach (var (slot, node) in _waiting.ToList())
        {
            if (_state.Ready.IsEmpty && !_state.IsFinished) return;
            OnRequestWork(slot, node);
        }
    }

    private void OnSuccess(ReportSuccess s)
    {
        var r = s.Record;
        var events = Execute(new FinishAttempt(r.Spec.TaskId, r.Attempt), () => _sink.Tell(new WriteRecords(new[] { r })));
        if (events.Count == 0)
        {
            _log.Warning("ignoring a stale result of task {0} attempt {1}", r.Spec.TaskId, r.Attempt);
            return;
        }
        _progress.Remove(r.Spec.TaskId);
    }

    private void OnFailure(ReportFailure f)
    {
        var r = f.Record;
        TaskFailed? failed = null;
        var events = Execute(new FailAttempt(r.Spec.TaskId, r.Attempt, r.Error ?? "unknown error", f.Deterministic), () =>
        {
            if (failed is not null) _sink.Tell(new WriteRecords(new[] { r with { Status = TaskStatuses.Failed, Error = failed.Error, Result = null } }));
        });
        failed = events.OfType<TaskFailed>().SingleOrDefault();
        ServeWaiting();
        CheckDone();
    }

    private void OnRecordsWritten(RecordsWritten w)
    {
        foreach (var (taskId, attempt, status) in w.Records)
            if (status == TaskStatuses.Completed) Execute(new ConfirmCommit(taskId, attempt));
        ServeWaiting();
        CheckDone();
    }

    private void OnSlotGone(IActorRef slot)
    {
        _watched.Remove(slot);
        _waiting.Remove(slot);
        Release(slot.Path.ToString(), null, $"trainer slot {slot.Path} stopped");
    }

    private void Release(string? worker, string? node, string reason)
    {
        if (Execute(new ReleaseLeases(worker, node, reason)).Count > 0) ServeWaiting();
    }

    private void CheckDone()
    {
        if (!_state.IsFinished || _done || _fatal is not null) return;
        foreach (var slot in _waiting.Keys) slot.Tell(NoMoreWork.Instance);
        _waiting.Clear();
        _sink.Tell(FlushResults.Instance);
    }

    private void OnFlushed()
    {
        if (!_state.IsFinished) return;
        _done = true;
        var status = Status();
        foreach (var w in _doneWaiters) w.Tell(status);
        _doneWaiters.Clear();
    }

    private void Remember(string failure)
    {
        _recentFailures.AddLast(failure);
        while (_recentFailures.Count > RecentFailuresKept) _recentFailures.RemoveFirst();
    }

    private StudyStatus Status() => new(
        _study,
        _state.Tasks.Count,
        _state.CountByPhase(),
        _state.Tasks.Values.Where(t => t.Phase == TaskPhase.Leased).OrderBy(t => t.Order)
            .Select(t => new RunningTask(t.Spec, t.Lease!.Worker, t.Lease.Node, t.Lease.Attempt, _progress.GetValueOrDefault(t.Spec.TaskId))).ToList(),
        _recentFailures.ToList(),
        _done);
}
