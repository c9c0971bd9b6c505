using System.Collections.Immutable;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Coordination;

/// <summary>
/// The coordinator's state as a pure, immutable value: <see cref="Decide"/> turns a command into
/// events without changing anything, <see cref="Apply"/> folds one event into a new state. The
/// persistent actor only persists and applies; recovery replays the same <see cref="Apply"/>, so
/// what is tested here without an ActorSystem is exactly what runs.
/// </summary>
public sealed record CoordinatorState
{
    /// <summary>Attempts a task gets before it is recorded failed (issue default: 3).</summary>
    public const int DefaultMaxAttempts = 3;

    private CoordinatorState(int maxAttempts) => MaxAttempts = maxAttempts;

    /// <summary>An empty state (no tasks registered).</summary>
    public static CoordinatorState Empty(int maxAttempts = DefaultMaxAttempts) =>
        maxAttempts >= 1 ? new(maxAttempts) : throw new ArgumentOutOfRangeException(nameof(maxAttempts), "must be >= 1");

    /// <summary>Failed attempts (not counting lost workers) after which a task is failed for good.</summary>
    public int MaxAttempts { get; }

    /// <summary>Every task by id.</summary>
    public ImmutableDictionary<string, TaskEntry> Tasks { get; private init; } = ImmutableDictionary<string, TaskEntry>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Tasks that can be leased now, by priority (graph order).</summary>
    public ImmutableSortedDictionary<int, string> Ready { get; private init; } = ImmutableSortedDictionary<int, string>.Empty;

    private ImmutableDictionary<string, ImmutableArray<string>> Children { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>True once tasks are registered and every one is completed, failed or skipped.</summary>
    public bool IsFinished => !Tasks.IsEmpty && Tasks.Values.All(t => t.Phase is TaskPhase.Completed or TaskPhase.Failed or TaskPhase.Skipped);

    /// <summary>How many tasks are in each phase.</summary>
    public IReadOnlyDictionary<TaskPhase, int> CountByPhase() =>
        Enum.GetValues<TaskPhase>().ToDictionary(p => p, p => Tasks.Values.Count(t => t.Phase == p));

    /// <summary>Decides what happens on a command. Pure: the state is unchanged; stale or duplicate commands yield no events.</summary>
    public IReadOnlyList<ICoordinatorEvent> Decide(ICoordinatorCommand command) => command switch
    {
        RegisterTasks r => Tasks.IsEmpty && r.Tasks.Count > 0 ? new ICoordinatorEvent[] { new TasksRegistered(r.Tasks) } : Array.Empty<ICoordinatorEvent>(),
        LeaseTask l => DecideLease(l),
        FinishAttempt f => IsLatest(f.TaskId, f.Attempt, TaskPhase.Leased, TaskPhase.Pending) ? new ICoordinatorEvent[] { new TaskCommitting(f.TaskId, f.Attempt) } : Array.Empty<ICoordinatorEvent>(),
        ConfirmCommit c => IsLatest(c.TaskId, c.Attempt, TaskPhase.Committing, TaskPhase.Leased, TaskPhase.Pending)
            ? new ICoordinatorEvent[] { new TaskCompleted(c.TaskId, c.Attempt) } : Array.Empty<ICoordinatorEvent>(),
        FailAttempt f => DecideFailure(f),
        ReleaseLeases r => Tasks.Values
            .Where(t => t.Phase == TaskPhase.Leased && t.Lease is { } l && (r.Worker is null || l.Worker == r.Worker) && (r.Node is null || l.Node == r.Node))
            .OrderBy(t => t.Order)
            .Select(t => (ICoordinatorEvent)new LeaseReleased(t.Spec.TaskId, t.Lease!.Attempt, r.Reason)).ToList(),
        RecoverAfterRestart => Tasks.Values
            .Where(t => t.Phase is TaskPhase.Leased or TaskPhase.Committing)
            .OrderBy(t => t.Order)
            .Select(t => (ICoordinatorEvent)new LeaseReleased(t.Spec.TaskId, t.Attempts, "coordinator restarted")).ToList(),
        _ => throw new ArgumentException($"unknown command {command.GetType().Name}"),
    };

    /// <summary>Folds one event into a new state.</summary>
    public CoordinatorState Apply(ICoordinatorEvent e) => e switch
    {
        TasksRegistered r => Register(r.Tasks),
        TaskLeased l => Update(l.TaskId, t => t with { Phase = TaskPhase.Leased, Attempts = l.Attempt, Lease = new Lease(l.Worker, l.Node, l.Attempt) }) with { Ready = Ready.Remove(Tasks[l.TaskId].Order) },
        TaskCommitting c => Update(c.TaskId, t => t with { Phase = TaskPhase.Committing }) with { Ready = Ready.Remove(Tasks[c.TaskId].Order) },
        TaskCompleted c => (Update(c.TaskId, t => t with { Phase = TaskPhase.Completed, Lease = null, Error = null }) with { Ready = Ready.Remove(Tasks[c.TaskId].Order) }).MakeChildrenReady(c.TaskId),
        TaskAttemptFailed f => Update(f.TaskId, t => t with { Phase = TaskPhase.Pending, Failures = t.Failures + 1, Lease = null, Error = f.Error }).MakeReady(f.TaskId),
        TaskFailed f => Update(f.TaskId, t => t with { Phase = TaskPhase.Failed, Failures = t.Failures + 1, Lease = null, Error = f.Error }) with { Ready = Ready.Remove(Tasks[f.TaskId].Order) },
        TaskSkipped s => Update(s.TaskId, t => t with { Phase = TaskPhase.Skipped, Lease = null, Error = $"not run: task {s.CauseTaskId} failed" }) with { Ready = Ready.Remove(Tasks[s.TaskId].Order) },
        LeaseReleased r => Update(r.TaskId, t => t with { Phase = TaskPhase.Pending, Lease = null }).MakeReady(r.TaskId),
        _ => throw new ArgumentException($"unknown event {e.GetType().Name}"),
    };

    /// <summary>Folds a sequence of events (recovery).</summary>
    public CoordinatorState ApplyAll(IEnumerable<ICoordinatorEvent> events) => events.Aggregate(this, (s, e) => s.Apply(e));

    private IReadOnlyList<ICoordinatorEvent> DecideLease(LeaseTask l)
    {
        var events = new List<ICoordinatorEvent>();
        // A slot only asks when it is free: anything still leased to it is stale (e.g. it restarted).
        foreach (var stale in Tasks.Values.Where(t => t.Phase == TaskPhase.Leased && t.Lease!.Worker == l.Worker).OrderBy(t => t.Order))
            events.Add(new LeaseReleased(stale.Spec.TaskId, stale.Lease!.Attempt, "its slot asked for new work"));
        var ready = Ready;
        foreach (var r in events.Cast<LeaseReleased>()) ready = ready.SetItem(Tasks[r.TaskId].Order, r.TaskId);
        if (ready.IsEmpty) return events;
        var next = Tasks[ready.First().Value];
        events.Add(new TaskLeased(next.Spec.TaskId, l.Worker, l.Node, next.Attempts + 1));
        return events;
    }

    private IReadOnlyList<ICoordinatorEvent> DecideFailure(FailAttempt f)
    {
        // Pending counts too: a slot that fails is restarted by its supervisor, and the coordinator may
        // see it stop (and release the lease) before the failure report arrives. The attempt did fail.
        if (!IsLatest(f.TaskId, f.Attempt, TaskPhase.Leased, TaskPhase.Committing, TaskPhase.Pending))
            return Array.Empty<ICoordinatorEvent>();
        var entry = Tasks[f.TaskId];
        if (!f.Deterministic && entry.Failures + 1 < MaxAttempts)
            return new ICoordinatorEvent[] { new TaskAttemptFailed(f.TaskId, f.Attempt, f.Error) };
        var reason = f.Deterministic ? f.Error : $"failed {entry.Failures + 1} of {MaxAttempts} attempts; last error: {f.Error}";
        var events = new List<ICoordinatorEvent> { new TaskFailed(f.TaskId, f.Attempt, reason) };
        var queue = new Queue<string>(Children.GetValueOrDefault(f.TaskId, ImmutableArray<string>.Empty));
        while (queue.Count > 0)
        {
            var child = Tasks[queue.Dequeue()];
            if (child.Phase != TaskPhase.Pending) continue;
            events.Add(new TaskSkipped(child.Spec.TaskId, f.TaskId));
            foreach (var grandchild in Children.GetValueOrDefault(child.Spec.TaskId, ImmutableArray<string>.Empty)) queue.Enqueue(grandchild);
        }
        return events;
    }

    /// <summary>
    /// True when <paramref name="attempt"/> is the task's latest attempt (no newer lease was handed out)
    /// and the task is in one of <paramref name="phases"/>. Reports of older attempts are stale.
    /// </summary>
    private bool IsLatest(string taskId, int attempt, params TaskPhase[] phases) =>
        Tasks.TryGetValue(taskId, out var t) && attempt >= 1 && t.Attempts == attempt && phases.Contains(t.Phase);

    private CoordinatorState Register(IReadOnlyList<TaskSpec> tasks)
    {
        var entries = Tasks.ToBuilder();
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var ready = Ready.ToBuilder();
        for (var i = 0; i < tasks.Count; i++)
        {
            var spec = tasks[i];
            if (entries.ContainsKey(spec.TaskId)) continue;
            entries[spec.TaskId] = new TaskEntry(spec, i, TaskPhase.Pending, 0, 0, null, null);
            if (spec.ParentTaskId is { } parent)
            {
                if (!entries.ContainsKey(parent)) throw new InvalidOperationException($"task {spec.TaskId} comes before its parent {parent}");
                (children.TryGetValue(parent, out var list) ? list : children[parent] = new List<string>()).Add(spec.TaskId);
            }
            else ready[i] = spec.TaskId;
        }
        return this with
        {
            Tasks = entries.ToImmutable(),
            Children = children.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal),
            Ready = ready.ToImmutable(),
        };
    }

    private CoordinatorState Update(string taskId, Func<TaskEntry, TaskEntry> change) =>
        Tasks.TryGetValue(taskId, out var t) ? this with { Tasks = Tasks.SetItem(taskId, change(t)) } : throw new InvalidOperationException($"unknown task {taskId}");

    private CoordinatorState MakeReady(string taskId)
    {
        var t = Tasks[taskId];
        var parentDone = t.Spec.ParentTaskId is null || Tasks[t.Spec.ParentTaskId].Phase == TaskPhase.Completed;
        return t.Phase == TaskPhase.Pending && parentDone ? this with { Ready = Ready.SetItem(t.Order, taskId) } : this;
    }

    private CoordinatorState MakeChildrenReady(string taskId) =>
        Children.GetValueOrDefault(taskId, ImmutableArray<string>.Empty).Aggregate(this, (s, c) => s.MakeReady(c));
}
