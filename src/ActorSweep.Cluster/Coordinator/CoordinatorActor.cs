using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
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
/// state machine's; this actor only routes messages and applies events.
/// </summary>
public sealed class CoordinatorActor : ReceiveActor
{
    private const int RecentFailuresKept = 20;
    private readonly string _study;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _sink;
    private readonly Dictionary<IActorRef, string> _waiting = new();
    private readonly Dictionary<string, TaskProgress> _progress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _leasedAt = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recentFailures = new();
    private readonly HashSet<IActorRef> _watched = new();
    private readonly List<IActorRef> _doneWaiters = new();
    private CoordinatorState _state;
    private bool _done;

    /// <summary>Creates the coordinator of <paramref name="graph"/>; results go to <paramref name="store"/>.</summary>
    public CoordinatorActor(TaskGraph graph, IResultStore store, SweepSettings settings, TimeProvider time)
    {
        _study = graph.Study;
        _time = time;
        _state = CoordinatorState.Empty(settings.MaxAttempts);
        _sink = Context.ActorOf(ResultSinkActor.Props(store, settings.ResultsBatchSize, settings.ResultsFlushInterval), "result-sink");
        Execute(new RegisterTasks(graph.Tasks));

        Receive<RequestWork>(r => OnRequestWork(Sender, r.Node));
        Receive<ReportProgress>(p => _progress[p.Progress.TaskId] = p.Progress);
        Receive<ReportSuccess>(OnSuccess);
        Receive<ReportFailure>(OnFailure);
        Receive<RecordsWritten>(OnRecordsWritten);
        Receive<Flushed>(_ => OnFlushed());
        Receive<GetStatus>(_ => Sender.Tell(Status()));
        Receive<FlushResults>(f => _sink.Forward(f));
        Receive<WaitUntilDone>(_ => { if (_done) Sender.Tell(Status()); else _doneWaiters.Add(Sender); });
        Receive<Terminated>(t => OnSlotGone(t.ActorRef));
        Receive<ClusterEvent.MemberRemoved>(m => Release(null, m.Member.Address.ToString(), $"node {m.Member.Address} left the cluster"));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
    }

    /// <summary>Props for the coordinator.</summary>
    public static Props Props(TaskGraph graph, IResultStore store, SweepSettings settings, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(graph, store, settings, time));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
        CheckDone();
    }

    /// <inheritdoc />
    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private IReadOnlyList<ICoordinatorEvent> Execute(ICoordinatorCommand command)
    {
        var events = _state.Decide(command);
        _state = _state.ApplyAll(events);
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
                    _sink.Tell(new WriteRecords(new[] { new TaskRecord(spec, TaskStatuses.Skipped, _state.Tasks[s.TaskId].Error, 0, "", now, now, null) }));
                    break;
                case LeaseReleased r:
                    _progress.Remove(r.TaskId);
                    _log.Info("task {0} attempt {1} re-queued: {2}", r.TaskId, r.Attempt, r.Reason);
                    break;
            }
        }
        return events;
    }

    private void OnRequestWork(IActorRef slot, string node)
    {
        if (!_watched.Contains(slot)) { Context.Watch(slot); _watched.Add(slot); }
        if (_state.IsFinished) { slot.Tell(NoMoreWork.Instance); return; }
        var leased = Execute(new LeaseTask(slot.Path.ToString(), node)).OfType<TaskLeased>().SingleOrDefault();
        if (leased is null) { _waiting[slot] = node; return; }
        _waiting.Remove(slot);
        _leasedAt[leased.TaskId] = _time.GetUtcNow().UtcDateTime;
        slot.Tell(new AssignTask(_state.Tasks[leased.TaskId].Spec, leased.Attempt));
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
        if (Execute(new FinishAttempt(r.Spec.TaskId, r.Attempt)).Count == 0)
        {
            _log.Warning("ignoring a stale result of task {0} attempt {1}", r.Spec.TaskId, r.Attempt);
            return;
        }
        _progress.Remove(r.Spec.TaskId);
        _sink.Tell(new WriteRecords(new[] { r }));
    }

    private void OnFailure(ReportFailure f)
    {
        var r = f.Record;
        var events = Execute(new FailAttempt(r.Spec.TaskId, r.Attempt, r.Error ?? "unknown error", f.Deterministic));
        if (events.OfType<TaskFailed>().SingleOrDefault() is { } failed)
            _sink.Tell(new WriteRecords(new[] { r with { Status = TaskStatuses.Failed, Error = failed.Error, Result = null } }));
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
        if (!_state.IsFinished || _done) return;
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
