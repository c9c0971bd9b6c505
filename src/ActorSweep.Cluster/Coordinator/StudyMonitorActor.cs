using Akka.Actor;
using Akka.Event;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// Progress and failure reporting, kept out of the persistent coordinator: it follows the coordinator's
/// journaled state (<see cref="StateChanged"/>), the slots' progress messages and the recent failures, and
/// answers <see cref="GetStatus"/> and <see cref="WaitUntilDone"/>. It lives beside the coordinator on its node and
/// watches it: a coordinator that stops for any reason before the study finished (a journal that cannot be read or
/// written, a bug) fails every <see cref="WaitUntilDone"/>, so the process hosting it ends with a reason, never waits forever.
/// </summary>
public sealed class StudyMonitorActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan StandbysEvery = TimeSpan.FromSeconds(5);
    private readonly Func<IReadOnlyList<string>>? _standbysOf;
    private IReadOnlyList<string> _standbys = Array.Empty<string>();
    private const int RecentFailuresKept = 20;
    private readonly string _study;
    private readonly string? _logFile;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, TaskProgress> _progress = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recentFailures = new();
    private readonly Dictionary<string, SlotInfo> _slots = new(StringComparer.Ordinal);
    private readonly List<SlotOut> _hungSlots = new();
    private readonly List<IActorRef> _doneWaiters = new();
    private IReadOnlySet<string> _queued = new HashSet<string>(StringComparer.Ordinal);
    private CoordinatorState _state;
    private DateTime _noSlotsSince = DateTime.UtcNow;
    private bool _done;
    private string? _refusal;
    private Exception? _failure;

    /// <summary>A monitor of study <paramref name="study"/>, starting from <paramref name="initial"/>.</summary>
    public StudyMonitorActor(string study, CoordinatorState initial, string? logFile = null, Func<IReadOnlyList<string>>? standbys = null)
    {
        _standbysOf = standbys;
        _study = study;
        _logFile = logFile;
        _state = initial;
        Receive<StateChanged>(OnStateChanged);
        Receive<LookForStandbys>(_ =>
        {
            var of = _standbysOf!;
            Task.Run(() => new StandbysSeen(of())).PipeTo(Self, failure: e => new StandbysSeen(null, e.GetBaseException().Message));
        });
        Receive<StandbysSeen>(seen =>
        {
            if (seen.Names is not null) _standbys = seen.Names;
            else _log.Warning("cannot list the study's standby coordinators: {0}", seen.Error);
        });
        Receive<ReportProgress>(p => { if (_state.Tasks.TryGetValue(p.Progress.TaskId, out var t) && t.Phase == TaskPhase.Leased) _progress[p.Progress.TaskId] = p.Progress; });
        Receive<GetStatus>(_ => Sender.Tell(Status()));
        Receive<StoreNotice>(n => Remember(n.Text));
        Receive<SlotTakenOut>(t =>
        {
            _hungSlots.Add(new SlotOut(t.Worker, t.Node, t.Reason));
            Remember($"slot {t.Worker} taken out of service: {t.Reason}");
            _log.Warning("slot {0} on {1} taken out of service: {2}", t.Worker, t.Node, t.Reason);
        });
        Receive<QueuedLeases>(q => _queued = q.TaskIds.ToHashSet(StringComparer.Ordinal));
        Receive<SlotsChanged>(c =>
        {
            if (c.Joined) _slots[c.Worker] = new SlotInfo(c.Worker, c.Node);
            else if (_slots.Remove(c.Worker) && _slots.Count == 0) _noSlotsSince = DateTime.UtcNow;
        });
        Receive<WaitUntilDone>(_ =>
        {
            if (_failure is not null) Sender.Tell(new Akka.Actor.Status.Failure(_failure));
            else if (_refusal is not null) Sender.Tell(new Akka.Actor.Status.Failure(new InvalidOperationException(_refusal)));
            else if (_done) Sender.Tell(Status());
            else _doneWaiters.Add(Sender);
        });
        Receive<StudyFinished>(_ =>
        {
            _done = true;
            var status = Status();
            foreach (var w in _doneWaiters) w.Tell(status);
            _doneWaiters.Clear();
        });
        Receive<CoordinatorFailed>(f => Fail(f.Reason));
        Receive<CoordinatorStarted>(c => Context.Watch(c.Coordinator));
        Receive<Terminated>(_ =>
        {
            if (!_done && _failure is null && _refusal is null)
                Fail("the coordinator stopped before the study finished; every result written so far is durable — continue with 'actorsweep resume'");
        });
        Receive<StudyRefused>(r =>
        {
            _refusal = r.Reason;
            foreach (var w in _doneWaiters) w.Tell(new Akka.Actor.Status.Failure(new InvalidOperationException(r.Reason)));
            _doneWaiters.Clear();
        });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (_standbysOf is null) return;
        Self.Tell(LookForStandbys.Instance);
        Timers.StartPeriodicTimer("standbys", LookForStandbys.Instance, StandbysEvery);
    }

    /// <summary>Props for the monitor; <paramref name="standbys"/> lists the study's standby coordinators (asked every 5 s, off the actor's thread).</summary>
    public static Props Props(string study, CoordinatorState initial, string? logFile = null, Func<IReadOnlyList<string>>? standbys = null) =>
        Akka.Actor.Props.Create(() => new StudyMonitorActor(study, initial, logFile, standbys));

    private sealed record LookForStandbys
    {
        public static readonly LookForStandbys Instance = new();
    }

    private sealed record StandbysSeen(IReadOnlyList<string>? Names, string? Error = null);

    private void OnStateChanged(StateChanged changed)
    {
        _state = changed.State;
        foreach (var e in changed.Events)
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
                case TaskCommitting c:
                    _progress.Remove(c.TaskId);
                    break;
                case NodeFaulted nf:
                    Remember($"{nf.TaskId} attempt {nf.Attempt}: node {nf.Node} faulted: {nf.Error} (re-queued; not counted against the task)");
                    _progress.Remove(nf.TaskId);
                    break;
                case NodeExcluded x:
                    Remember($"node {x.Node} taken out of service: {x.Reason}");
                    _log.Warning("node {0} taken out of service: {1}", x.Node, x.Reason);
                    break;
                case LeaseReturned r:
                    _progress.Remove(r.TaskId);
                    break;
                case LeaseReleased r:
                    _progress.Remove(r.TaskId);
                    _log.Info("task {0} attempt {1} re-queued: {2}", r.TaskId, r.Attempt, r.Reason);
                    break;
            }
        }
    }

    private void Fail(string reason)
    {
        _failure ??= new CoordinatorFailedException(reason);
        foreach (var w in _doneWaiters) w.Tell(new Akka.Actor.Status.Failure(_failure));
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
        _state.Tasks.Values.Where(t => t.Phase == TaskPhase.Leased && !_queued.Contains(t.Spec.TaskId)).OrderBy(t => t.Order)
            .Select(t => new RunningTask(t.Spec, t.Lease!.Worker, t.Lease.Node, t.Lease.Attempt, _progress.GetValueOrDefault(t.Spec.TaskId))).ToList(),
        _recentFailures.ToList(),
        _done)
    {
        ExcludedNodes = new Dictionary<string, string>(_state.ExcludedNodes, StringComparer.Ordinal),
        Reused = _state.ReusedCount(),
        LogFile = _logFile,
        Queued = _state.Tasks.Values.Where(t => t.Phase == TaskPhase.Leased && _queued.Contains(t.Spec.TaskId)).OrderBy(t => t.Order)
            .Select(t => new RunningTask(t.Spec, t.Lease!.Worker, t.Lease.Node, t.Lease.Attempt, null)).ToList(),
        Slots = _slots.Values.OrderBy(s => s.Node, StringComparer.Ordinal).ThenBy(s => s.Worker, StringComparer.Ordinal).ToList(),
        ActiveCoordinator = $"pid {Environment.ProcessId} on {Environment.MachineName}, {Akka.Cluster.Cluster.Get(Context.System).SelfAddress}",
        Standbys = _standbys,
        HungSlots = _hungSlots.ToList(),
        // Slots take a moment to join a starting coordinator: a cluster without any is news after 10 s.
        Stalled = _done || _slots.Count > 0 || _state.Ready.IsEmpty || DateTime.UtcNow - _noSlotsSince < TimeSpan.FromSeconds(10) ? null : new NoSlots(_noSlotsSince, _state.Ready.Count),
        Problems = _state.Tasks.Values.Where(t => t.Failures > 0 || t.Phase is TaskPhase.Failed or TaskPhase.Skipped).OrderBy(t => t.Order)
            .Select(t => new TaskProblem(t.Spec, t.Phase, t.Failures, t.Error)).ToList(),
    };
}
