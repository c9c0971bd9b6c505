using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Persistence;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Results;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// Owns the study's <see cref="CoordinatorState"/>. Every decision is the pure state machine's: this actor
/// turns messages into commands, journals the decided events, and only after the journal write performs the
/// decided effects (hand a task to a slot, write a row). The task graph comes from the study file, not the
/// journal; recovery replays the journal (from its latest snapshot) over it, then the state checks the
/// graph's fingerprint and reconciles itself with the Parquet rows. Progress and failure reporting live in
/// a <see cref="StudyMonitorActor"/> beside it (it outlives a coordinator whose journal failed, to say so);
/// rows are written by a child <see cref="ResultSinkActor"/>.
/// </summary>
public sealed class CoordinatorActor : ReceivePersistentActor
{
    private readonly TaskGraph _graph;
    private readonly IResultStore _store;
    private readonly TimeProvider _time;
    private readonly IActorRef? _artifactHub;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _sink;
    private readonly IActorRef _monitor;
    private readonly Dictionary<string, IActorRef> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, RequestWork> _waiting = new();
    private readonly Dictionary<string, QueuedLease> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _aheadLeased = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revoking = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _sentAt = new(StringComparer.Ordinal);
    private readonly TimeSpan _reaskInterval;
    private CoordinatorState _state;
    private string? _refusal;
    private bool _done;
    private bool _serving;
    private long _sinceSnapshot;

    /// <summary>Creates the coordinator of <paramref name="graph"/>; results go to <paramref name="store"/>.</summary>
    public CoordinatorActor(TaskGraph graph, IResultStore store, string persistenceId, SweepSettings settings, TimeProvider time, IActorRef monitor, IActorRef? artifactHub = null)
    {
        _graph = graph;
        _store = store;
        _time = time;
        _artifactHub = artifactHub;
        _snapshotEvery = settings.SnapshotEvery;
        _reaskInterval = settings.WorkRequestInterval;
        PersistenceId = persistenceId;
        _state = CoordinatorState.For(graph, settings.MaxAttempts, settings.NodeFaultLimit, settings.Scheduling);
        _sink = Context.ActorOf(ResultSinkActor.Props(store, settings.ResultsBatchSize, settings.ResultsFlushInterval), "result-sink");
        _monitor = monitor;

        Recover<SnapshotOffer>(o => { _state = JournalReplay.Fold(_state, o, graph.Fingerprint); _sinceSnapshot = 0; });
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Recover<object>(e => { _state = JournalReplay.Fold(_state, e, graph.Fingerprint); _sinceSnapshot++; });

        Command<RequestWork>(r => OnRequestWork(Sender, r));
        Command<TaskReturned>(r => OnTaskReturned(Sender, r));
        Command<ReportSuccess>(s =>
        {
            if (Execute(new FinishAttempt(s.Record)).Events.Count == 0) _log.Warning("ignoring a stale result of task {0} attempt {1}", s.Record.Spec.TaskId, s.Record.Attempt);
        });
        Command<ReportFailure>(f =>
        {
            // A retryable failure restarts the slot: its ask-ahead would lease a task (the retry, even) to an incarnation
            // that is gone, whose lease the next one's fresh ask then releases — an attempt that never ran.
            if (f.Kind == FailureKind.Retryable && _waiting.TryGetValue(Sender, out var asked) && asked.Mode == WorkRequestMode.Ahead) _waiting.Remove(Sender);
            Execute(new FailAttempt(f.Record, f.Kind));
            ServeWaiting();
            CheckDone();
        });
        Command<RecordsWritten>(w =>
        {
            foreach (var (taskId, attempt, status) in w.Records)
                if (status == TaskStatuses.Completed) Execute(new ConfirmCommit(taskId, attempt));
            ServeWaiting();
            CheckDone();
        });
        Command<Flushed>(_ => { if (_state.IsFinished && !_done) { _done = true; _monitor.Tell(StudyFinished.Instance); } });
        Command<ReportProgress>(p => _monitor.Forward(p));
        Command<GetStatus>(g => _monitor.Forward(g));
        Command<WaitUntilDone>(w => _monitor.Forward(w));
        Command<FlushResults>(f => _sink.Forward(f));
        Command<Terminated>(t => OnSlotGone(t.ActorRef));
        Command<ClusterEvent.MemberRemoved>(m => Release(null, m.Member.Address.ToString(), $"node {m.Member.Address} left the cluster"));
        Command<ClusterEvent.IMemberEvent>(_ => { });
        Command<ClusterEvent.CurrentClusterState>(_ => { });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("saving a coordinator snapshot failed (recovery replays more events): {0}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("deleting old coordinator snapshots failed: {0}", f.Cause.Message));
    }

    /// <summary>Props for the coordinator.</summary>
    public static Props Props(TaskGraph graph, IResultStore store, string persistenceId, SweepSettings settings, TimeProvider time, IActorRef monitor, IActorRef? artifactHub = null) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(graph, store, persistenceId, settings, time, monitor, artifactHub));

    /// <inheritdoc />
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var reason = $"writing event {sequenceNr} ({@event.GetType().Name}) to the journal failed: {cause.Message}; every event before it is durable — continue with 'actorsweep resume'";
        _log.Error(cause, "coordinator of {0} stops: {1}", _graph.Study, reason);
        _monitor.Tell(new CoordinatorFailed(reason));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <inheritdoc />
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        var reason = $"the journal refused event {sequenceNr} ({@event.GetType().Name}): {cause.Message}";
        _log.Error(cause, "coordinator of {0} stops: {1}", _graph.Study, reason);
        _monitor.Tell(new CoordinatorFailed(reason));
        Context.Stop(Self);
    }

    /// <inheritdoc />
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        var text = $"reading the journal failed: {reason.Message}";
        _log.Error(reason, "coordinator of {0} stops: {1}", _graph.Study, text);
        _monitor.Tell(new CoordinatorFailed(text));
        base.OnRecoveryFailure(reason, message);
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <inheritdoc />
    protected override void PreStart()
    {
        base.PreStart();
        _monitor.Tell(new CoordinatorStarted(Self));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    /// <inheritdoc />
    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void OnRecovered()
    {
        _monitor.Tell(new StateChanged(_state, Array.Empty<ICoordinatorEvent>()));
        Execute(new StartStudy(_graph.Fingerprint, _graph.Tasks.Count));
        if (_refusal is not null) return;
        Execute(new Recover(_store.ExistingRows(), _time.GetUtcNow().UtcDateTime));
        if (_sinceSnapshot >= _snapshotEvery) TakeSnapshot();
        CheckDone();
    }

    /// <summary>
    /// Decides, applies at once (so later decisions in the same message see the change), journals the
    /// events, and performs the effects only after the journal write.
    /// </summary>
    private Decision Execute(ICoordinatorCommand command)
    {
        if (_refusal is not null) return Decision.None;
        var decision = _state.Decide(command);
        if (decision.Refusal is { } reason)
        {
            _refusal = reason;
            _log.Error("cannot run study {0}: {1}", _graph.Study, reason);
            _monitor.Tell(new StudyRefused(reason));
            return decision;
        }
        _state = _state.ApplyAll(decision.Events);
        if (decision.Events.Count == 0)
        {
            Perform(decision.Effects);
            return decision;
        }
        // The last event's handler runs before any message stashed during the write (DeferAsync's would not:
        // a Flushed unstashed first could report the study finished before the monitor saw its last event).
        var state = _state;
        var remaining = decision.Events.Count;
        PersistAll(decision.Events, _ =>
        {
            if (--remaining > 0) return;
            _monitor.Tell(new StateChanged(state, decision.Events));
            Perform(decision.Effects);
            _sinceSnapshot += decision.Events.Count;
            if (_sinceSnapshot >= _snapshotEvery) TakeSnapshot();
        });
        return decision;
    }

    private void Perform(IReadOnlyList<ICoordinatorEffect> effects)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case SendTask s when _slots.TryGetValue(s.Worker, out var slot):
                    var ahead = _aheadLeased.Remove(s.Worker);
                    slot.Tell(new AssignTask(_state.Tasks[s.TaskId].Spec, s.Attempt, _artifactHub, ahead));
                    _sentAt[s.Worker] = _time.GetUtcNow().UtcDateTime;
                    if (ahead) Queue(s.Worker, new QueuedLease(slot, s.TaskId, s.Attempt));
                    break;
                case SendTask s:
                    _aheadLeased.Remove(s.Worker);
                    _log.Warning("no slot {0} to send task {1} to; its lease returns when the slot asks again", s.Worker, s.TaskId);
                    break;
                case WriteRow w:
                    _sink.Tell(new WriteRecords(new[] { w.Record }));
                    break;
                case WriteFault f:
                    _sink.Tell(new WriteFaultRecords(new[] { f.Fault }));
                    break;
                default:
                    throw new InvalidOperationException($"unknown coordinator effect {effect.GetType().Name}");
            }
        }
    }

    private void TakeSnapshot()
    {
        _sinceSnapshot = 0;
        SaveSnapshot(_state.ToSnapshot());
    }

    private void OnRequestWork(IActorRef slot, RequestWork request)
    {
        var path = slot.Path.ToString();
        if (!_slots.TryGetValue(path, out var registered) || !registered.Equals(slot))
        {
            // A new slot, or a new incarnation of one its supervisor restarted (same path): the earlier one's end is no
            // longer news, since this request releases what it held.
            if (registered is not null)
            {
                Context.Unwatch(registered);
                _waiting.Remove(registered);
                // A task the earlier incarnation held queued (asked ahead, never started) goes back uncounted.
                if (_queued.TryGetValue(path, out var unstarted)) Execute(new ReturnLease(path, unstarted.TaskId, unstarted.Attempt));
            }
            else _monitor.Tell(new SlotsChanged(path, request.Node, Joined: true));
            Context.Watch(slot);
            _slots[path] = slot;
            _sentAt.Remove(path);
        }
        else if (request.Mode == WorkRequestMode.Fresh && _sentAt.TryGetValue(path, out var sent) && _time.GetUtcNow().UtcDateTime - sent < _reaskInterval)
        {
            // The slot re-asks every work-request-interval until a task comes; a re-ask sent before the task this
            // coordinator just sent arrived must not release its lease (the slot runs it: the task would run twice, and a
            // failure of the first run would go uncounted). A task sent longer ago than that was lost: released as before.
            request = request with { Mode = WorkRequestMode.Idle };
        }
        if (_refusal is not null) return;
        if (_state.IsFinished) { slot.Tell(NoMoreWork.Instance); return; }
        // Whatever the slot asks, a lease it had queued is started, or on its way to it and started on arrival:
        // no longer one to take back.
        var onItsWay = request.Mode == WorkRequestMode.Idle && _queued.ContainsKey(path);
        Unqueue(path);
        if (onItsWay) _waiting.Remove(slot);
        else
        {
            // A slot asking afresh holds nothing: whatever is still leased to it is stale (it restarted, or an
            // assignment was lost), and goes back to the ready queue before the slot waits its turn.
            if (request.Mode == WorkRequestMode.Fresh) Execute(new ReleaseLeases(path, null, "its slot asked for new work"));
            _waiting[slot] = request;
        }
        ServeWaiting();
    }

    /// <summary>
    /// Hands ready tasks to waiting slots, idle slots first and slots asking ahead after them. An idle slot never
    /// takes a ready task while another slot holds a task of more work queued (not started): that lease is asked
    /// back (<see cref="RevokeTask"/>) and the idle slot waits for it, so a prefetched task neither waits behind a
    /// long one while a slot idles nor lets a lower-priority task start first. Equal work never revokes.
    /// </summary>
    private void ServeWaiting()
    {
        if (_serving || _refusal is not null) return;
        _serving = true;
        try
        {
            if (_state.IsFinished)
            {
                foreach (var slot in _waiting.Keys) slot.Tell(NoMoreWork.Instance);
                _waiting.Clear();
                return;
            }
            foreach (var (worker, q) in _queued.ToList())
                if (!_state.Tasks.TryGetValue(q.TaskId, out var t) || t.Phase != TaskPhase.Leased || t.Lease?.Worker != worker || t.Attempts != q.Attempt)
                    Unqueue(worker);   // released meanwhile (its slot or node left)
            var returning = _revoking.Count;   // each lease on its way back is some idle slot's
            foreach (var (slot, request) in _waiting.Where(w => w.Value.Mode != WorkRequestMode.Ahead && !_state.ExcludedNodes.ContainsKey(w.Value.Node)).ToList())
            {
                if (returning > 0) { returning--; continue; }
                if (BestQueuedAbove(_state.Ready.IsEmpty ? null : _state.Ready.First().Key.Work) is var (worker, q))
                {
                    _revoking.Add(worker);
                    q.Slot.Tell(new RevokeTask(q.TaskId, q.Attempt));
                    continue;
                }
                if (_state.Ready.IsEmpty) break;
                Lease(slot, request);
            }
            foreach (var (slot, request) in _waiting.Where(w => w.Value.Mode == WorkRequestMode.Ahead).ToList())
            {
                if (_state.Ready.IsEmpty) break;
                Lease(slot, request);
            }
        }
        finally { _serving = false; }
    }

    private void Lease(IActorRef slot, RequestWork request)
    {
        var path = slot.Path.ToString();
        if (!Execute(new LeaseTask(path, request.Node, request.Mode, request.Running)).Events.OfType<TaskLeased>().Any()) return;
        if (request.Mode == WorkRequestMode.Ahead) _aheadLeased.Add(path);
        _waiting.Remove(slot);
    }

    /// <summary>The queued lease (not already being taken back) of the most work above <paramref name="readyWork"/>; any when nothing is ready.</summary>
    private (string Worker, QueuedLease Lease)? BestQueuedAbove(long? readyWork)
    {
        (string, QueuedLease)? best = null;
        var bestWork = long.MinValue;
        foreach (var (worker, q) in _queued)
        {
            if (_revoking.Contains(worker)) continue;
            var work = _state.WorkOf(q.TaskId);
            if ((readyWork is null || work > readyWork) && work > bestWork) { best = (worker, q); bestWork = work; }
        }
        return best;
    }

    private void OnTaskReturned(IActorRef slot, TaskReturned returned)
    {
        var path = slot.Path.ToString();
        if (_queued.TryGetValue(path, out var q) && q.TaskId == returned.TaskId) Unqueue(path);
        if (Execute(new ReturnLease(path, returned.TaskId, returned.Attempt)).Events.Count > 0) ServeWaiting();
    }

    private void Queue(string worker, QueuedLease lease)
    {
        _queued[worker] = lease;
        _monitor.Tell(new QueuedLeases(_queued.Values.Select(q => q.TaskId).ToList()));
    }

    private void Unqueue(string worker)
    {
        _revoking.Remove(worker);
        if (_queued.Remove(worker)) _monitor.Tell(new QueuedLeases(_queued.Values.Select(q => q.TaskId).ToList()));
    }

    private void OnSlotGone(IActorRef slot)
    {
        _waiting.Remove(slot);
        if (_slots.TryGetValue(slot.Path.ToString(), out var current) && !current.Equals(slot)) return;   // a later incarnation asked already
        _sentAt.Remove(slot.Path.ToString());
        if (_slots.Remove(slot.Path.ToString())) _monitor.Tell(new SlotsChanged(slot.Path.ToString(), "", Joined: false));
        Unqueue(slot.Path.ToString());
        Release(slot.Path.ToString(), null, $"trainer slot {slot.Path} stopped");
    }

    private void Release(string? worker, string? node, string reason)
    {
        if (Execute(new ReleaseLeases(worker, node, reason)).Events.Count > 0) ServeWaiting();
    }

    /// <summary>A lease a slot holds queued behind its running task.</summary>
    private sealed record QueuedLease(IActorRef Slot, string TaskId, int Attempt);

    private void CheckDone()
    {
        if (!_state.IsFinished || _done || _refusal is not null) return;
        foreach (var slot in _waiting.Keys) slot.Tell(NoMoreWork.Instance);
        _waiting.Clear();
        _sink.Tell(FlushResults.Instance);
    }
}
