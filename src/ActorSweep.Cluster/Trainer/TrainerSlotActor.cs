using Akka.Actor;
using Akka.Event;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Trainer;

/// <summary>
/// One trainer slot (a CPU thread or a GPU). It pulls: when free it asks the coordinator for work,
/// trains the task off the mailbox on a dedicated thread, reports progress and the result as
/// messages, and asks again. With prefetch on, a slot that starts a task asks ahead for the next and
/// holds it queued (at most one), starting it the moment its task ends; it gives a queued task back
/// when the coordinator revokes it. A training exception is reported and then rethrown so the back-off
/// supervisor restarts the slot (a queued task is given back first); deterministic failures are
/// reported without a restart.
/// </summary>
public sealed class TrainerSlotActor : ReceiveActor, IWithTimers
{
    private const string AskTimer = "ask";
    private const string ProgressTimer = "progress";
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);
    private readonly IActorRef _coordinator;
    private readonly ITaskRunner _runner;
    private readonly string _node;
    private readonly string _device;
    private readonly TimeSpan _askInterval;
    private readonly bool _prefetch;
    private readonly TimeProvider _time;
    private readonly ArtifactClient? _artifacts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CancellationTokenSource? _cancel;
    private DateTime _lastProgress;
    private AssignTask? _queued;
    private bool _suspect;
    private bool _draining;
    private TaskProgress? _heldProgress;

    /// <summary>Creates a slot that asks <paramref name="coordinator"/> for work and runs it with <paramref name="runner"/>.</summary>
    public TrainerSlotActor(IActorRef coordinator, ITaskRunner runner, string node, string device, TimeSpan askInterval, TimeProvider time, ArtifactClient? artifacts = null,
        bool prefetch = false)
    {
        _prefetch = prefetch;
        _artifacts = artifacts;
        _coordinator = coordinator;
        _runner = runner;
        _node = node;
        _device = device;
        _askInterval = askInterval;
        _time = time;
        Idle();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a slot.</summary>
    public static Props Props(IActorRef coordinator, ITaskRunner runner, string node, string device, SweepSettings settings, TimeProvider time, ArtifactClient? artifacts = null) =>
        Akka.Actor.Props.Create(() => new TrainerSlotActor(coordinator, runner, node, device, settings.WorkRequestInterval, time, artifacts, settings.Prefetch));

    /// <inheritdoc />
    protected override void PreStart() => AskForWork();

    /// <inheritdoc />
    protected override void PostStop() => _cancel?.Cancel();

    /// <summary>
    /// Asks for a task: <see cref="WorkRequestMode.Fresh"/> on start and when re-asking after a wait (whatever is still
    /// leased to this slot is stale), <see cref="WorkRequestMode.Idle"/> right after a task (a task asked ahead may be on
    /// its way); re-asks fresh every <c>work-request-interval</c> until a task comes.
    /// </summary>
    private void AskForWork(WorkRequestMode mode = WorkRequestMode.Fresh)
    {
        _coordinator.Tell(new RequestWork(_node, mode) { ResultsVersion = Core.Study.ResultsVersion.Current });
        Timers.StartSingleTimer(AskTimer, AskAgain.Instance, _askInterval);
    }

    private void Idle()
    {
        Receive<AssignTask>(task =>
        {
            if (task.Ahead && _suspect)
            {
                // Asked ahead before this node's fault and answered after it: it goes back, and the slot asks afresh
                // (the coordinator may have taken the node out of service).
                _coordinator.Tell(new TaskReturned(task.Spec.TaskId, task.Attempt));
                AskForWork();
                return;
            }
            Start(task);
        });
        Receive<AskAgain>(_ => { if (!_draining) AskForWork(); });
        Receive<NoMoreWork>(_ => Timers.Cancel(AskTimer));
        Receive<DrainSlot>(_ =>
        {
            _draining = true;
            Timers.Cancel(AskTimer);
            Context.System.EventStream.Publish(new SlotDrained(Self.Path.ToString()));
        });
        Receive<SlotHung>(_ => { });   // its task was released before the notice arrived
        Receive<WorkRefused>(r =>
        {
            // The node cannot work for this coordinator: stop asking, and let the node's host end the process with the reason.
            Timers.Cancel(AskTimer);
            _log.Error("trainer slot {0}: {1}", Self.Path, r.Reason);
            Context.System.EventStream.Publish(r);
        });
        Receive<RevokeTask>(_ => { });   // its assignment came first and is running: nothing is queued
    }

    private void Busy(AssignTask task, DateTime startedAt)
    {
        // At most one report per ProgressEvery; the latest one held back goes when the interval ends (trailing edge), so the
        // coordinator's view — and its progress watchdog — always catches up with where the task really is.
        Receive<TaskProgress>(p =>
        {
            if (p.TaskId != task.Spec.TaskId) return;
            var now = _time.GetUtcNow().UtcDateTime;
            if (now - _lastProgress < ProgressEvery && p.Iteration < p.TotalIterations)
            {
                _heldProgress = p;
                if (!Timers.IsTimerActive(ProgressTimer)) Timers.StartSingleTimer(ProgressTimer, SendHeldProgress.Instance, ProgressEvery - (now - _lastProgress));
                return;
            }
            ReportProgressNow(p, now);
        });
        Receive<SendHeldProgress>(_ =>
        {
            if (_heldProgress is { } held && held.TaskId == task.Spec.TaskId) ReportProgressNow(held, _time.GetUtcNow().UtcDateTime);
        });
        Receive<RunFinished>(f =>
        {
            _heldProgress = null;
            Timers.Cancel(ProgressTimer);
            _cancel?.Dispose();
            _cancel = null;
            var finishedAt = _time.GetUtcNow().UtcDateTime;
            Become(Idle);
            if (f.Result is not null)
            {
                _coordinator.Tell(new ReportSuccess(new TaskRecord(task.Spec, TaskStatuses.Completed, null, task.Attempt, _node, startedAt, finishedAt, f.Result)));
                Next();
                return;
            }
            var error = f.Error!;
            var kind = Classify(error);
            var message = kind == FailureKind.Retryable ? $"{error.GetType().Name}: {error.Message}" : error.Message;
            _log.Error(error, "task {0} attempt {1} failed ({2}): {3}", task.Spec.TaskId, task.Attempt, kind, message);
            _coordinator.Tell(new ReportFailure(new TaskRecord(task.Spec, TaskStatuses.Failed, message, task.Attempt, _node, startedAt, finishedAt, null), kind));
            if (kind == FailureKind.Deterministic) { Next(); return; }
            if (kind == FailureKind.Node)
            {
                // The node is suspect: the queued task goes back (the coordinator may take the node out of service), and so
                // does a task asked ahead that is still on its way. Asking idle, not fresh, keeps that lease in place until
                // it arrives and is returned, so it never runs after its lease was released.
                _suspect = true;
                GiveBackQueued();
                AskForWork(WorkRequestMode.Idle);
                return;
            }
            // Let the supervisor restart this slot with back-off; the coordinator retries the task, and re-queues the
            // one this slot held queued (given back first, so that its attempt is not counted).
            GiveBackQueued();
            throw new TrainerSlotException($"task {task.Spec.TaskId} attempt {task.Attempt} failed", error);
        });
        Receive<AskAgain>(_ => { });
        Receive<AssignTask>(other =>
        {
            if (other.Spec.TaskId == task.Spec.TaskId && other.Attempt == task.Attempt) return;
            if (_queued is null) { _queued = other; return; }
            _log.Warning("slot busy with {0} and {1} queued; giving back {2}", task.Spec.TaskId, _queued.Spec.TaskId, other.Spec.TaskId);
            _coordinator.Tell(new TaskReturned(other.Spec.TaskId, other.Attempt));
        });
        Receive<RevokeTask>(r =>
        {
            if (_queued is not null && _queued.Spec.TaskId == r.TaskId && _queued.Attempt == r.Attempt) GiveBackQueued();
        });
        Receive<NoMoreWork>(_ => { });
        Receive<DrainSlot>(_ => { _draining = true; GiveBackQueued(); });
        Receive<SlotHung>(h =>
        {
            if (h.TaskId != task.Spec.TaskId || h.Attempt != task.Attempt) return;
            // The training thread is stuck (a native call that never returns, a deadlock): it cannot be taken back, so this
            // slot takes no more work, and its node's host exits once its other slots are idle, for its launcher to restart it.
            _log.Error("trainer slot {0}: task {1} attempt {2} {3}; this slot is out of service", Self.Path, h.TaskId, h.Attempt, h.Reason);
            GiveBackQueued();
            Timers.Cancel(AskTimer);
            _cancel?.Cancel();
            Become(OutOfService);
            Context.System.EventStream.Publish(new SlotOutOfService(Self.Path.ToString(), h.TaskId, h.Reason));
        });
    }

    /// <summary>A slot whose task hung: it takes nothing, and whatever its stuck attempt ever returns is dropped (its lease went elsewhere).</summary>
    private void OutOfService()
    {
        Receive<AssignTask>(t => _coordinator.Tell(new TaskReturned(t.Spec.TaskId, t.Attempt)));
        Receive<RunFinished>(_ => _log.Warning("trainer slot {0}: the hung attempt returned after its lease went elsewhere; its result is dropped", Self.Path));
        ReceiveAny(_ => { });
    }

    private void ReportProgressNow(TaskProgress p, DateTime now)
    {
        _lastProgress = now;
        _heldProgress = null;
        Timers.Cancel(ProgressTimer);
        _coordinator.Tell(new ReportProgress(p, _node));
    }

    /// <summary>After a task: the queued one starts at once, or the slot asks for work (or, draining, says it is idle).</summary>
    private void Next()
    {
        if (_draining)
        {
            GiveBackQueued();
            Context.System.EventStream.Publish(new SlotDrained(Self.Path.ToString()));
            return;
        }
        if (_queued is { } next)
        {
            _queued = null;
            Start(next);
        }
        else AskForWork(WorkRequestMode.Idle);
    }

    private void GiveBackQueued()
    {
        if (_queued is null) return;
        _coordinator.Tell(new TaskReturned(_queued.Spec.TaskId, _queued.Attempt));
        _queued = null;
    }

    private void Start(AssignTask task)
    {
        Timers.Cancel(AskTimer);
        _suspect = false;
        var startedAt = _time.GetUtcNow().UtcDateTime;
        _cancel = new CancellationTokenSource();
        var token = _cancel.Token;
        var self = Self;
        var runner = _runner;
        var artifacts = _artifacts;
        var hub = task.Artifacts;
        Become(() => Busy(task, startedAt));
        if (_prefetch) _coordinator.Tell(new RequestWork(_node, WorkRequestMode.Ahead, task.Spec.TaskId) { ResultsVersion = Core.Study.ResultsVersion.Current });
        RunAttemptAsync(task.Spec, runner, artifacts, hub, p => self.Tell(p), token)
            .ContinueWith(t => t.IsCompletedSuccessfully
                    ? new RunFinished(t.Result, null)
                    : new RunFinished(null, t.Exception?.GetBaseException() ?? new OperationCanceledException("training was cancelled")),
                TaskScheduler.Default)
            .PipeTo(self);
    }

    /// <summary>
    /// One attempt: with an artifact client (no shared folder) the task's inputs are fetched into the
    /// node's cache first and its own artifacts uploaded to the hub before it counts as finished;
    /// training itself runs on a dedicated thread.
    /// </summary>
    private static async Task<TaskResult> RunAttemptAsync(TaskSpec spec, ITaskRunner runner, ArtifactClient? artifacts, IActorRef? hub,
        Action<TaskProgress> progress, CancellationToken token)
    {
        if (artifacts is not null && hub is null)
            throw new ArtifactTransferException("this worker has no shared folder with the coordinator, and the coordinator serves no artifacts");
        if (artifacts is not null) await artifacts.FetchInputsAsync(spec, hub!, token).ConfigureAwait(false);
        var result = await Task.Factory.StartNew(() => runner.Run(spec, progress, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        if (artifacts is not null) await artifacts.UploadAsync(spec, hub!, token).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Whose fault a failure was: the runner throws <see cref="DeterministicTaskFailure"/> and <see cref="NodeFault"/>
    /// for what it recognises; artifacts that cannot be moved are the node's too, but an input the coordinator does not
    /// hold yet is a scheduling bug: the task fails at once and the node stays in service.
    /// </summary>
    public static FailureKind Classify(Exception error) => error switch
    {
        DeterministicTaskFailure or MissingInputException => FailureKind.Deterministic,
        NodeFault or ArtifactTransferException => FailureKind.Node,
        _ => FailureKind.Retryable,
    };

    private sealed record RunFinished(TaskResult? Result, Exception? Error);

    private sealed record SendHeldProgress
    {
        public static readonly SendHeldProgress Instance = new();
    }

    private sealed record AskAgain
    {
        public static readonly AskAgain Instance = new();
    }
}
