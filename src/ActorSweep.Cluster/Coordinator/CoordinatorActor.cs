using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Persistence;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Results;
using ActorSweep.Cluster.Store;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Results;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// Owns the study's <see cref="CoordinatorState"/>. Every decision is the pure state machine's: this actor
/// turns messages into commands, journals the decided events, and only after the journal write performs the
/// decided effects (hand a task to a slot, write a row). The task graph comes from the study file, not the
/// journal; recovery replays the journal (from its latest snapshot) over it, then the state checks the
/// graph's fingerprint and reconciles itself with the Parquet rows. Progress and failure reporting live in
/// a <see cref="StudyMonitorActor"/> beside it (it outlives a coordinator whose journal failed, to say so);
/// rows are written by a child <see cref="ResultSinkActor"/>. Which slot gets which task — waiting slots, prefetch,
/// revocation — is the pure <see cref="SlotScheduler"/>'s; this actor keeps the slots' addresses and carries out its orders.
/// With a <see cref="TaskReuse"/>, a task that becomes ready is looked up in the task store first and, when stored,
/// completed from it (<see cref="ReuseTask"/>: journaled, its row written like a trained one's) instead of leased; a task
/// trained here is put into the store once its row is durable.
/// </summary>
public sealed class CoordinatorActor : ReceivePersistentActor, ICoordinatorSession, IWithTimers
{
    private const string WatchdogTimer = "hung-task-watchdog";
    private readonly ProgressWatchdog? _watchdog;
    private readonly TimeSpan _watchEvery;
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly TaskGraph _graph;
    private readonly IResultStore _store;
    private readonly TimeProvider _time;
    private readonly IActorRef? _artifactHub;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _sink;
    private readonly IActorRef _monitor;
    private readonly Dictionary<string, IActorRef> _slots = new(StringComparer.Ordinal);
    private readonly SlotScheduler _scheduler;
    private readonly StoreConsultant? _consultant;
    private readonly IActorRef? _storeWriter;
    private readonly HashSet<string> _refusedNodes = new(StringComparer.Ordinal);
    private readonly int _resultsVersion;
    private CoordinatorState _state;
    private string? _refusal;
    private bool _done;
    private long _sinceSnapshot;

    /// <summary>Creates the coordinator of <paramref name="graph"/>; results go to <paramref name="store"/>.</summary>
    public CoordinatorActor(TaskGraph graph, IResultStore store, string persistenceId, SweepSettings settings, TimeProvider time, IActorRef monitor, IActorRef? artifactHub = null,
        TaskReuse? reuse = null, int resultsVersion = ResultsVersion.Current)
    {
        _resultsVersion = resultsVersion;
        _consultant = reuse is null ? null : new StoreConsultant(reuse);
        _storeWriter = reuse is null ? null : Context.ActorOf(TaskStoreActor.Props(reuse), "task-store");
        _graph = graph;
        _store = store;
        _time = time;
        _artifactHub = artifactHub;
        _snapshotEvery = settings.SnapshotEvery;
        _scheduler = new SlotScheduler(this, settings.WorkRequestInterval);
        PersistenceId = persistenceId;
        _state = CoordinatorState.For(graph, settings.MaxAttempts, settings.NodeFaultLimit, settings.Scheduling);
        _sink = Context.ActorOf(ResultSinkActor.Props(store, settings.ResultsBatchSize, settings.ResultsFlushInterval), "result-sink");
        _monitor = monitor;
        if (settings.HungTask.Enabled)
        {
            _watchdog = new ProgressWatchdog(settings.HungTask.After, settings.HungTask.Factor, id => graph.OwnWork.GetValueOrDefault(id));
            _watchEvery = settings.HungTask.CheckEvery;
        }

        Recover<SnapshotOffer>(o => { _state = JournalReplay.Fold(_state, o, graph); _sinceSnapshot = 0; });
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Recover<object>(e => { _state = JournalReplay.Fold(_state, e, graph); _sinceSnapshot++; });

        Command<RequestWork>(r => OnRequestWork(Sender, r));
        Command<TaskReturned>(r => Schedule(s => s.Returned(Sender.Path.ToString(), r.TaskId, r.Attempt)));
        Command<ReportSuccess>(s =>
        {
            _watchdog?.Stopped(s.Record.Spec.TaskId, s.Record.FinishedAt - s.Record.StartedAt);
            if (Execute(new FinishAttempt(s.Record)).Events.Count == 0) _log.Warning("ignoring a stale result of task {0} attempt {1}", s.Record.Spec.TaskId, s.Record.Attempt);
            else _consultant?.Trained(s.Record, _state.Tasks[s.Record.Spec.TaskId].Spec);
        });
        Command<ReportFailure>(f =>
        {
            _scheduler.Failed(Sender.Path.ToString(), f.Kind == FailureKind.Retryable);
            Execute(new FailAttempt(f.Record, f.Kind));
            Schedule(s => s.Serve());
            CheckDone();
        });
        Command<RecordsWritten>(w =>
        {
            foreach (var (taskId, attempt, status) in w.Records)
            {
                if (status != TaskStatuses.Completed || Execute(new ConfirmCommit(taskId, attempt)).Events.Count == 0) continue;
                if (_consultant?.Committed(taskId, attempt) is { } trained) _storeWriter!.Tell(new StoreTask(trained));
                ReuseStored(_state.ChildrenOf(taskId));
            }
            Schedule(s => s.Serve());
            CheckDone();
        });
        // Finished once the last rows are durable and the tasks trained here are in the store.
        Command<Flushed>(_ =>
        {
            if (!_state.IsFinished || _done) return;
            if (_storeWriter is null) Finished();
            else _storeWriter.Tell(DrainStore.Instance);
        });
        Command<StoreDrained>(_ => { if (_state.IsFinished && !_done) Finished(); });
        Command<ReportProgress>(p =>
        {
            if (_watchdog is not null && _state.Tasks.TryGetValue(p.Progress.TaskId, out var t) && t.Phase == TaskPhase.Leased && t.Lease is { } lease)
                _watchdog.Progress(p.Progress.TaskId, lease.Attempt, p.Progress.Iteration, _time.GetUtcNow().UtcDateTime);
            _monitor.Forward(p);
        });
        Command<WatchProgress>(_ => WatchProgress());
        Command<GetStatus>(g => _monitor.Forward(g));
        Command<WaitUntilDone>(w => _monitor.Forward(w));
        Command<FlushResults>(f => _sink.Forward(f));
        Command<Terminated>(t => OnSlotGone(t.ActorRef));
        Command<ClusterEvent.MemberRemoved>(m => Schedule(s => s.Release(null, m.Member.Address.ToString(), $"node {m.Member.Address} left the cluster")));
        Command<ClusterEvent.IMemberEvent>(_ => { });
        Command<ClusterEvent.CurrentClusterState>(_ => { });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("saving a coordinator snapshot failed (recovery replays more events): {0}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("deleting old coordinator snapshots failed: {0}", f.Cause.Message));
    }

    /// <summary>Props for the coordinator.</summary>
    public static Props Props(TaskGraph graph, IResultStore store, string persistenceId, SweepSettings settings, TimeProvider time, IActorRef monitor, IActorRef? artifactHub = null,
        TaskReuse? reuse = null, int resultsVersion = ResultsVersion.Current) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(graph, store, persistenceId, settings, time, monitor, artifactHub, reuse, resultsVersion));

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
    public ITimerScheduler Timers { get; set; } = null!;

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
        Execute(StartStudy.Of(_graph));
        if (_refusal is not null) return;
        Execute(new Recover(_store.ExistingRows(), _time.GetUtcNow().UtcDateTime));
        if (_consultant is not null && _refusal is null) Report(_consultant.RepairInputs(_state));
        ReuseStored(_state.Ready.Values.ToList());
        if (_sinceSnapshot >= _snapshotEvery) TakeSnapshot();
        if (_watchdog is not null) Timers.StartPeriodicTimer(WatchdogTimer, Coordinator.WatchProgress.Instance, _watchEvery);
        CheckDone();
    }

    /// <summary>
    /// The progress watchdog's round: every task sent to a slot that has left its queue is watched from its first sighting;
    /// one whose iteration has not advanced for its limit is hung — a node fault, not the task's (the lease is re-queued
    /// without counting an attempt, a fault row is written) — and its slot is told to go out of service.
    /// </summary>
    private void WatchProgress()
    {
        if (_watchdog is null || _refusal is not null || _done) return;
        var now = _time.GetUtcNow().UtcDateTime;
        var queued = _scheduler.Queued.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var id in _sent.ToList())
        {
            if (!_state.Tasks.TryGetValue(id, out var t) || t.Phase != TaskPhase.Leased || t.Lease is null) { _sent.Remove(id); _watchdog.Stopped(id); continue; }
            if (!queued.Contains(id)) _watchdog.Running(id, t.Lease.Attempt, now);
        }
        var hung = _watchdog.Hung(now, (id, attempt) => _state.Tasks.TryGetValue(id, out var t) && t.Phase == TaskPhase.Leased && t.Lease?.Attempt == attempt);
        foreach (var h in hung)
        {
            var entry = _state.Tasks[h.TaskId];
            var lease = entry.Lease!;
            var reason = h.Describe();
            _log.Error("task {0} attempt {1} on {2} is {3}; its lease goes to another slot and the slot is taken out of service", h.TaskId, h.Attempt, lease.Worker, reason);
            _sent.Remove(h.TaskId);
            Execute(new FailAttempt(new TaskRecord(entry.Spec, TaskStatuses.Failed, $"{reason} on slot {lease.Worker}", h.Attempt, lease.Node, now - h.Stalled, now, null), FailureKind.Node));
            _monitor.Tell(new SlotTakenOut(lease.Worker, lease.Node, $"hung on task {h.TaskId} attempt {h.Attempt}: {reason}"));
            if (_slots.TryGetValue(lease.Worker, out var slot)) slot.Tell(new SlotHung(h.TaskId, h.Attempt, reason));
            _scheduler.Gone(lease.Worker, $"slot {lease.Worker} is hung");
        }
        if (hung.Count > 0)
        {
            Schedule(s => s.Serve());
            CheckDone();
        }
    }

    /// <inheritdoc />
    CoordinatorState ICoordinatorSession.State => _state;

    /// <inheritdoc />
    bool ICoordinatorSession.IsRefused => _refusal is not null;

    /// <inheritdoc />
    Decision ICoordinatorSession.Execute(ICoordinatorCommand command) => Execute(command);

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
                    var ahead = _scheduler.Sent(s.Worker, s.TaskId, s.Attempt, _time.GetUtcNow().UtcDateTime);
                    if (_watchdog is not null) _sent.Add(s.TaskId);
                    slot.Tell(new AssignTask(_state.Tasks[s.TaskId].Spec, s.Attempt, _artifactHub, ahead));
                    break;
                case SendTask s:
                    _scheduler.NotSent(s.Worker);
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
        CarryOut();
    }

    private void TakeSnapshot()
    {
        _sinceSnapshot = 0;
        SaveSnapshot(_state.ToSnapshot());
    }

    private void OnRequestWork(IActorRef slot, RequestWork request)
    {
        if (request.ResultsVersion != _resultsVersion)
        {
            // A cluster upgraded node by node must never mix results: a slot of a build that computes other numbers gets no task.
            var reason = $"refused: the worker {request.Node} computes results version {request.ResultsVersion}, this coordinator results version {_resultsVersion}; " +
                         "run the same release on every node of a study";
            if (_refusedNodes.Add(request.Node)) _log.Warning("{0}", reason);
            slot.Tell(new WorkRefused(reason));
            return;
        }
        var path = slot.Path.ToString();
        var arrival = SlotArrival.Known;
        if (!_slots.TryGetValue(path, out var registered) || !registered.Equals(slot))
        {
            // A new slot, or a new incarnation of one its supervisor restarted (same path): the earlier one's end is no
            // longer news, since this request releases what it held.
            if (registered is not null) Context.Unwatch(registered);
            else _monitor.Tell(new SlotsChanged(path, request.Node, Joined: true));
            arrival = registered is null ? SlotArrival.New : SlotArrival.Reincarnated;
            Context.Watch(slot);
            _slots[path] = slot;
        }
        Schedule(s => s.Request(path, new SlotRequest(request.Node, request.Mode, request.Running), arrival, _time.GetUtcNow().UtcDateTime));
    }

    private void OnSlotGone(IActorRef slot)
    {
        var path = slot.Path.ToString();
        if (_slots.TryGetValue(path, out var current) && !current.Equals(slot)) return;   // a later incarnation asked already
        if (_slots.Remove(path)) _monitor.Tell(new SlotsChanged(path, "", Joined: false));
        Schedule(s => s.Gone(path, $"trainer slot {slot.Path} stopped"));
    }

    /// <summary>Calls the scheduler, then carries out what it ordered.</summary>
    private void Schedule(Action<SlotScheduler> call)
    {
        call(_scheduler);
        CarryOut();
    }

    private void CarryOut()
    {
        foreach (var order in _scheduler.TakeOrders())
        {
            switch (order)
            {
                case RevokeOrder r when _slots.TryGetValue(r.Slot, out var holder):
                    holder.Tell(new RevokeTask(r.TaskId, r.Attempt));
                    break;
                case NoMoreWorkOrder n when _slots.TryGetValue(n.Slot, out var waiting):
                    waiting.Tell(NoMoreWork.Instance);
                    break;
                case QueuedChanged q:
                    _monitor.Tell(new QueuedLeases(q.TaskIds));
                    break;
            }
        }
    }

    /// <summary>Completes from the task store the ready tasks of <paramref name="candidates"/> it holds (each looked up once).</summary>
    private void ReuseStored(IEnumerable<string> candidates)
    {
        if (_consultant is null || _refusal is not null) return;
        var notices = new List<StoreReport>();
        foreach (var reuse in _consultant.Lookups(_state, candidates, notices)) Execute(reuse);
        Report(notices);
    }

    private void Report(IEnumerable<StoreReport> reports)
    {
        foreach (var r in reports)
        {
            _log.Warning("{0}", r.Text);
            if (r.Show) _monitor.Tell(new StoreNotice(r.Text));
        }
    }

    private void Finished()
    {
        _done = true;
        _monitor.Tell(StudyFinished.Instance);
    }

    private void CheckDone()
    {
        if (!_state.IsFinished || _done || _refusal is not null) return;
        Schedule(s => s.Finish());
        _sink.Tell(FlushResults.Instance);
    }
}
