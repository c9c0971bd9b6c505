using System.Collections.Immutable;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Coordination;

/// <summary>
/// The coordinator's state as a pure, immutable value: <see cref="Decide"/> turns a command into events and
/// effects without changing anything, <see cref="Apply"/> folds one event into a new state. The persistent
/// actor only persists, applies and performs the effects; recovery replays the same <see cref="Apply"/>, so
/// what is tested here without an ActorSystem is exactly what runs. The task graph is a DAG: a task is ready
/// when every parent has completed, and skipped (naming the parent) when one failed or was skipped.
/// </summary>
public sealed record CoordinatorState
{
    /// <summary>Attempts a task gets before it is recorded failed.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Faults after which a node receives no more work.</summary>
    public const int DefaultNodeFaultLimit = 3;

    private CoordinatorState(int maxAttempts, int nodeFaultLimit)
    {
        MaxAttempts = maxAttempts;
        NodeFaultLimit = nodeFaultLimit;
    }

    /// <summary>An empty state (no tasks registered).</summary>
    public static CoordinatorState Empty(int maxAttempts = DefaultMaxAttempts, int nodeFaultLimit = DefaultNodeFaultLimit) =>
        maxAttempts < 1 ? throw new ArgumentOutOfRangeException(nameof(maxAttempts), "must be >= 1")
        : nodeFaultLimit < 1 ? throw new ArgumentOutOfRangeException(nameof(nodeFaultLimit), "must be >= 1")
        : new(maxAttempts, nodeFaultLimit);

    /// <summary>The state of a study about to start (or resume): its graph registered, nothing journaled yet.</summary>
    public static CoordinatorState For(TaskGraph graph, int maxAttempts = DefaultMaxAttempts, int nodeFaultLimit = DefaultNodeFaultLimit,
        Scheduling scheduling = Scheduling.CriticalPath) =>
        (Empty(maxAttempts, nodeFaultLimit) with { Scheduling = scheduling }).Register(graph.Tasks, graph.CriticalPath);

    /// <summary>How ready tasks are ordered for leasing (not journaled: a resumed study may change it).</summary>
    public Scheduling Scheduling { get; private init; } = Scheduling.CriticalPath;

    /// <summary>Failed attempts (not counting lost workers and node faults) after which a task is failed for good.</summary>
    public int MaxAttempts { get; }

    /// <summary>Faults after which a node is taken out of service.</summary>
    public int NodeFaultLimit { get; }

    /// <summary>Faults per node (cluster address).</summary>
    public ImmutableDictionary<string, int> NodeFaults { get; private init; } = ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Nodes taken out of service, with why: they are leased no more tasks.</summary>
    public ImmutableDictionary<string, string> ExcludedNodes { get; private init; } = ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The fingerprint the study started with on this journal; null before its start was journaled.</summary>
    public string? Fingerprint { get; private init; }

    /// <summary>Tasks of the graph the study started with.</summary>
    public int StartedTaskCount { get; private init; }

    /// <summary>Every task by id.</summary>
    public ImmutableDictionary<string, TaskEntry> Tasks { get; private init; } = ImmutableDictionary<string, TaskEntry>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Tasks that can be leased now, the next to lease first (see <see cref="Scheduling"/>).</summary>
    public ImmutableSortedDictionary<ReadyKey, string> Ready { get; private init; } = ImmutableSortedDictionary<ReadyKey, string>.Empty;

    /// <summary>The expected work that orders task <paramref name="taskId"/> among ready ones (0 for every task under <see cref="Scheduling.GraphOrder"/>).</summary>
    public long WorkOf(string taskId) => KeyOf(Tasks[taskId]).Work;

    private ImmutableDictionary<string, ImmutableArray<string>> Children { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>True once tasks are registered and every one is completed, failed or skipped.</summary>
    public bool IsFinished => !Tasks.IsEmpty && Tasks.Values.All(t => IsFinal(t.Phase));

    /// <summary>How many tasks are in each phase.</summary>
    public IReadOnlyDictionary<TaskPhase, int> CountByPhase()
    {
        var counts = Enum.GetValues<TaskPhase>().ToDictionary(p => p, _ => 0);
        foreach (var t in Tasks.Values) counts[t.Phase]++;
        return counts;
    }

    /// <summary>Completed tasks whose result came from the task store instead of being trained here.</summary>
    public int ReusedCount() => Tasks.Values.Count(t => t.Phase == TaskPhase.Completed && t.ReusedFrom is not null);

    /// <summary>True when <paramref name="taskId"/> is pending with every parent completed (it may be leased or reused now).</summary>
    public bool IsReady(string taskId) => Tasks.TryGetValue(taskId, out var t) && CanStart(t);

    /// <summary>The tasks that start from <paramref name="taskId"/>.</summary>
    public IReadOnlyList<string> ChildrenOf(string taskId) => Children.GetValueOrDefault(taskId, ImmutableArray<string>.Empty);

    /// <summary>
    /// Registers a graph's tasks, parents before children (not journaled: the graph comes from the study
    /// file). Tasks already registered are kept as they are.
    /// </summary>
    public CoordinatorState Register(IReadOnlyList<TaskSpec> tasks, IReadOnlyDictionary<string, long>? criticalPath = null)
    {
        var entries = Tasks.ToBuilder();
        var children = Children.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
        var ready = Ready.ToBuilder();
        var order = Tasks.Count;
        foreach (var spec in tasks)
        {
            if (entries.ContainsKey(spec.TaskId)) continue;
            var index = order++;
            var entry = new TaskEntry(spec, index, TaskPhase.Pending, 0, 0, null, null, criticalPath?.GetValueOrDefault(spec.TaskId) ?? 0);
            entries[spec.TaskId] = entry;
            foreach (var parent in spec.ParentTaskIds.Distinct(StringComparer.Ordinal))
            {
                if (!entries.ContainsKey(parent)) throw new InvalidOperationException($"task {spec.TaskId} comes before its parent {parent}");
                (children.TryGetValue(parent, out var list) ? list : children[parent] = new List<string>()).Add(spec.TaskId);
            }
            if (spec.ParentTaskIds.Count == 0) ready[KeyOf(entry)] = spec.TaskId;
        }
        return this with
        {
            Tasks = entries.ToImmutable(),
            Children = children.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal),
            Ready = ready.ToImmutable(),
        };
    }

    /// <summary>Decides what happens on a command. Pure: the state is unchanged; stale or duplicate commands decide nothing.</summary>
    public Decision Decide(ICoordinatorCommand command) => command switch
    {
        StartStudy s => Fingerprint is null ? Decision.Of(new StudyStarted(s.Fingerprint, s.TaskCount))
            : Fingerprint == s.Fingerprint || Fingerprint == s.Legacy ? Decision.None
            : Decision.Refuse($"the journal belongs to a different task graph ({StartedTaskCount} tasks, fingerprint {Fingerprint}; the study file now gives {s.TaskCount} tasks, {s.Fingerprint}): the study file or task identity changed since the study started"),
        Recover r => DecideRecovery(r),
        LeaseTask l => DecideLease(l),
        ReuseTask r => Tasks.TryGetValue(r.Record.Spec.TaskId, out var stored) && CanStart(stored) && r.Record.ReusedFrom is { } source
            ? new Decision(new ICoordinatorEvent[] { new TaskReused(stored.Spec.TaskId, stored.Attempts + 1, source) },
                new ICoordinatorEffect[] { new WriteRow(r.Record with { Spec = stored.Spec, Attempt = stored.Attempts + 1, Status = TaskStatuses.Completed, Error = null }) })
            : Decision.None,
        ReturnLease r => Tasks.TryGetValue(r.TaskId, out var held) && held.Phase == TaskPhase.Leased && held.Lease is { } lease
                         && lease.Worker == r.Worker && lease.Attempt == r.Attempt && held.Attempts == r.Attempt
            ? Decision.Of(new LeaseReturned(r.TaskId, r.Attempt)) : Decision.None,
        FinishAttempt f => IsLatest(f.Record.Spec.TaskId, f.Record.Attempt, TaskPhase.Leased, TaskPhase.Pending)
            ? new Decision(new ICoordinatorEvent[] { new TaskCommitting(f.Record.Spec.TaskId, f.Record.Attempt) }, new ICoordinatorEffect[] { new WriteRow(f.Record) })
            : Decision.None,
        ConfirmCommit c => IsLatest(c.TaskId, c.Attempt, TaskPhase.Committing, TaskPhase.Leased, TaskPhase.Pending)
            ? Decision.Of(new TaskCompleted(c.TaskId, c.Attempt)) : Decision.None,
        FailAttempt f => DecideFailure(f),
        ReleaseLeases r => Decision.Of(Tasks.Values
            .Where(t => t.Phase == TaskPhase.Leased && t.Lease is { } l && (r.Worker is null || l.Worker == r.Worker) && (r.Node is null || l.Node == r.Node))
            .OrderBy(t => t.Order)
            .Select(t => (ICoordinatorEvent)new LeaseReleased(t.Spec.TaskId, t.Lease!.Attempt, r.Reason)).ToArray()),
        _ => throw new ArgumentException($"unknown command {command.GetType().Name}"),
    };

    /// <summary>Folds one event into a new state.</summary>
    public CoordinatorState Apply(ICoordinatorEvent e) => e switch
    {
        StudyStarted s => this with { Fingerprint = s.Fingerprint, StartedTaskCount = s.Tasks },
        TaskLeased l => Update(l.TaskId, t => t with { Phase = TaskPhase.Leased, Attempts = l.Attempt, Lease = new Lease(l.Worker, l.Node, l.Attempt) }) with { Ready = Ready.Remove(KeyOf(Tasks[l.TaskId])) },
        TaskReused r => Update(r.TaskId, t => t with { Phase = TaskPhase.Committing, Attempts = r.Attempt, Lease = null, ReusedFrom = r.Source }) with { Ready = Ready.Remove(KeyOf(Tasks[r.TaskId])) },
        TaskCommitting c => Update(c.TaskId, t => t with { Phase = TaskPhase.Committing }) with { Ready = Ready.Remove(KeyOf(Tasks[c.TaskId])) },
        TaskCompleted c => (Update(c.TaskId, t => t with { Phase = TaskPhase.Completed, Lease = null, Error = null }) with { Ready = Ready.Remove(KeyOf(Tasks[c.TaskId])) }).MakeChildrenReady(c.TaskId),
        TaskAttemptFailed f => Update(f.TaskId, t => t with { Phase = TaskPhase.Pending, Failures = t.Failures + 1, Lease = null, Error = f.Error }).MakeReady(f.TaskId),
        TaskFailed f => Update(f.TaskId, t => t with { Phase = TaskPhase.Failed, Failures = t.Failures + 1, Lease = null, Error = f.Error }) with { Ready = Ready.Remove(KeyOf(Tasks[f.TaskId])) },
        TaskSkipped s => Update(s.TaskId, t => t with { Phase = TaskPhase.Skipped, Lease = null, Error = SkipReason(s.TaskId, s.CauseTaskId) }) with { Ready = Ready.Remove(KeyOf(Tasks[s.TaskId])) },
        LeaseReleased r => Update(r.TaskId, t => t with { Phase = TaskPhase.Pending, Lease = null, ReusedFrom = null }).MakeReady(r.TaskId),
        LeaseReturned r => Update(r.TaskId, t => t with { Phase = TaskPhase.Pending, Lease = null, Attempts = r.Attempt - 1 }).MakeReady(r.TaskId),
        NodeFaulted f => (Update(f.TaskId, t => t with { Phase = TaskPhase.Pending, Lease = null, Error = $"node {f.Node}: {f.Error}" }) with
        {
            NodeFaults = NodeFaults.SetItem(f.Node, NodeFaults.GetValueOrDefault(f.Node) + 1),
        }).MakeReady(f.TaskId),
        NodeExcluded x => this with { ExcludedNodes = ExcludedNodes.SetItem(x.Node, x.Reason) },
        _ => throw new ArgumentException($"unknown event {e.GetType().Name}"),
    };

    /// <summary>Folds a sequence of events (recovery).</summary>
    public CoordinatorState ApplyAll(IEnumerable<ICoordinatorEvent> events) => events.Aggregate(this, (s, e) => s.Apply(e));

    /// <summary>The journaled part of this state, for a snapshot.</summary>
    public CoordinatorSnapshot ToSnapshot() => new(Fingerprint, StartedTaskCount, Tasks.Values
        .Where(t => t.Phase != TaskPhase.Pending || t.Attempts > 0 || t.Failures > 0 || t.Error is not null)
        .OrderBy(t => t.Order)
        .Select(t => new TaskSnapshot(t.Spec.TaskId, t.Phase, t.Attempts, t.Failures, t.Lease, t.Error) { ReusedFrom = t.ReusedFrom })
        .ToArray())
    {
        Nodes = NodeFaults.Count == 0 && ExcludedNodes.Count == 0 ? null
            : NodeFaults.Keys.Union(ExcludedNodes.Keys).Order(StringComparer.Ordinal)
                .Select(n => new NodeSnapshot(n, NodeFaults.GetValueOrDefault(n), ExcludedNodes.GetValueOrDefault(n))).ToArray(),
    };

    /// <summary>
    /// Lays a snapshot over this freshly registered state: phases, attempts, leases and errors of the tasks it
    /// holds (ids the graph no longer has are ignored — the fingerprint check refuses such a study), then the
    /// ready set from scratch.
    /// </summary>
    public CoordinatorState Restore(CoordinatorSnapshot snapshot)
    {
        var entries = Tasks.ToBuilder();
        foreach (var s in snapshot.Tasks)
            if (entries.TryGetValue(s.TaskId, out var t))
                entries[s.TaskId] = t with { Phase = s.Phase, Attempts = s.Attempts, Failures = s.Failures, Lease = s.Lease, Error = s.Error, ReusedFrom = s.ReusedFrom };
        var nodes = snapshot.Nodes ?? Array.Empty<NodeSnapshot>();
        var restored = this with
        {
            Fingerprint = snapshot.Fingerprint, StartedTaskCount = snapshot.TaskCount, Tasks = entries.ToImmutable(),
            NodeFaults = nodes.Where(n => n.Faults > 0).ToImmutableDictionary(n => n.Node, n => n.Faults, StringComparer.Ordinal),
            ExcludedNodes = nodes.Where(n => n.ExcludedBecause is not null).ToImmutableDictionary(n => n.Node, n => n.ExcludedBecause!, StringComparer.Ordinal),
        };
        var ready = ImmutableSortedDictionary.CreateBuilder<ReadyKey, string>();
        foreach (var t in restored.Tasks.Values)
            if (restored.CanStart(t)) ready[KeyOf(t)] = t.Spec.TaskId;
        return restored with { Ready = ready.ToImmutable() };
    }

    private static bool IsFinal(TaskPhase phase) => phase is TaskPhase.Completed or TaskPhase.Failed or TaskPhase.Skipped;

    private Decision DecideLease(LeaseTask l)
    {
        var events = new List<ICoordinatorEvent>();
        var held = Tasks.Values.Where(t => t.Phase == TaskPhase.Leased && t.Lease!.Worker == l.Worker).OrderBy(t => t.Order).ToList();
        switch (l.Mode)
        {
            case WorkRequestMode.Fresh:
                // The slot holds nothing: anything still leased to it is stale (it restarted, or an assignment was lost).
                foreach (var stale in held) events.Add(new LeaseReleased(stale.Spec.TaskId, stale.Lease!.Attempt, "its slot asked for new work"));
                break;
            case WorkRequestMode.Idle when held.Count > 0:
            case WorkRequestMode.Ahead when held.Any(t => t.Spec.TaskId != l.Running):
                return Decision.None;
        }
        var after = ApplyAll(events);
        if (after.Ready.IsEmpty || ExcludedNodes.ContainsKey(l.Node)) return new Decision(events, Array.Empty<ICoordinatorEffect>());
        var next = after.Tasks[after.Ready.First().Value];
        var attempt = next.Attempts + 1;
        events.Add(new TaskLeased(next.Spec.TaskId, l.Worker, l.Node, attempt));
        return new Decision(events, new ICoordinatorEffect[] { new SendTask(next.Spec.TaskId, attempt, l.Worker) });
    }

    private Decision DecideFailure(FailAttempt f)
    {
        var record = f.Record;
        var taskId = record.Spec.TaskId;
        var error = record.Error ?? "unknown error";
        // Pending counts too: a slot that fails is restarted by its supervisor, and the coordinator may
        // see it stop (and release the lease) before the failure report arrives. The attempt did fail.
        if (!IsLatest(taskId, record.Attempt, TaskPhase.Leased, TaskPhase.Committing, TaskPhase.Pending)) return Decision.None;
        var entry = Tasks[taskId];
        if (f.Kind == FailureKind.Node)
        {
            var node = record.Node;
            var faults = NodeFaults.GetValueOrDefault(node) + 1;
            var exclude = faults >= NodeFaultLimit && !ExcludedNodes.ContainsKey(node);
            var nodeEvents = new List<ICoordinatorEvent> { new NodeFaulted(taskId, record.Attempt, node, error) };
            if (exclude) nodeEvents.Add(new NodeExcluded(node, $"{faults} node faults; the last: {error}"));
            return new Decision(nodeEvents, new ICoordinatorEffect[] { new WriteFault(new NodeFaultRecord(record.Spec.Study, node, taskId, record.Attempt, error, record.FinishedAt, exclude)) });
        }
        if (!f.Deterministic && entry.Failures + 1 < MaxAttempts) return Decision.Of(new TaskAttemptFailed(taskId, record.Attempt, error));
        var reason = f.Deterministic ? error : $"failed {entry.Failures + 1} of {MaxAttempts} attempts; last error: {error}";
        var failed = new TaskFailed(taskId, record.Attempt, reason);
        var events = new List<ICoordinatorEvent> { failed };
        var effects = new List<ICoordinatorEffect> { new WriteRow(record with { Status = TaskStatuses.Failed, Error = reason, Result = null }) };
        var state = Apply(failed);
        foreach (var skipped in state.SkipDescendants(taskId))
        {
            events.Add(skipped);
            state = state.Apply(skipped);
            var spec = state.Tasks[skipped.TaskId].Spec;
            effects.Add(new WriteRow(new TaskRecord(spec, TaskStatuses.Skipped, state.Tasks[skipped.TaskId].Error, 0, "", record.FinishedAt, record.FinishedAt, null)));
        }
        return new Decision(events, effects);
    }

    private Decision DecideRecovery(Recover r)
    {
        var events = new List<ICoordinatorEvent>();
        var state = this;
        void Add(ICoordinatorEvent e) { events.Add(e); state = state.Apply(e); }

        foreach (var t in Tasks.Values.OrderBy(t => t.Order))
        {
            var now = state.Tasks[t.Spec.TaskId];
            if (IsFinal(now.Phase) || !r.Rows.TryGetValue(t.Spec.TaskId, out var status)) continue;
            if (status == TaskStatuses.Completed) { Add(new TaskCompleted(t.Spec.TaskId, now.Attempts)); continue; }
            Add(new TaskFailed(t.Spec.TaskId, now.Attempts, $"the results hold a '{status}' row for this task that the journal did not record"));
            foreach (var skipped in state.SkipDescendants(t.Spec.TaskId)) Add(skipped);
        }
        var effects = new List<ICoordinatorEffect>();
        foreach (var t in state.Tasks.Values.Where(t => t.Phase is TaskPhase.Failed or TaskPhase.Skipped && !r.Rows.ContainsKey(t.Spec.TaskId)).OrderBy(t => t.Order))
        {
            var status = t.Phase == TaskPhase.Failed ? TaskStatuses.Failed : TaskStatuses.Skipped;
            effects.Add(new WriteRow(new TaskRecord(t.Spec, status, t.Error, t.Attempts, "", r.At, r.At, null)));
        }
        foreach (var t in state.Tasks.Values.Where(t => t.Phase is TaskPhase.Leased or TaskPhase.Committing).OrderBy(t => t.Order).ToList())
            Add(new LeaseReleased(t.Spec.TaskId, t.Attempts, "coordinator restarted"));
        return new Decision(events, effects);
    }

    /// <summary>Skip events for every pending task that can no longer run because <paramref name="failedTaskId"/> failed, parents first.</summary>
    private IReadOnlyList<TaskSkipped> SkipDescendants(string failedTaskId)
    {
        var result = new List<TaskSkipped>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(ChildrenOf(failedTaskId));
        while (queue.Count > 0)
        {
            var child = Tasks[queue.Dequeue()];
            if (child.Phase != TaskPhase.Pending || !seen.Add(child.Spec.TaskId)) continue;
            result.Add(new TaskSkipped(child.Spec.TaskId, failedTaskId));
            foreach (var grandchild in ChildrenOf(child.Spec.TaskId)) queue.Enqueue(grandchild);
        }
        // Breadth-first order visits a task after at least one of its failed or skipped parents, but a task
        // with several parents may come up before another of them; order by graph position (parents first).
        return result.OrderBy(s => Tasks[s.TaskId].Order).ToList();
    }

    /// <summary>Why a task is skipped: the first of its parents that failed or was skipped.</summary>
    private string SkipReason(string taskId, string causeTaskId)
    {
        foreach (var p in Tasks[taskId].Spec.ParentTaskIds)
        {
            if (!Tasks.TryGetValue(p, out var parent)) continue;
            if (parent.Phase == TaskPhase.Failed) return $"not run: parent task {p} failed";
            if (parent.Phase == TaskPhase.Skipped) return $"not run: parent task {p} was skipped (task {causeTaskId} failed)";
        }
        return $"not run: task {causeTaskId} failed";
    }

    /// <summary>
    /// True when <paramref name="attempt"/> is the task's latest attempt (no newer lease was handed out)
    /// and the task is in one of <paramref name="phases"/>. Reports of older attempts are stale.
    /// </summary>
    private bool IsLatest(string taskId, int attempt, params TaskPhase[] phases) =>
        Tasks.TryGetValue(taskId, out var t) && attempt >= 1 && t.Attempts == attempt && phases.Contains(t.Phase);

    private CoordinatorState Update(string taskId, Func<TaskEntry, TaskEntry> change) =>
        Tasks.TryGetValue(taskId, out var t) ? this with { Tasks = Tasks.SetItem(taskId, change(t)) } : throw new InvalidOperationException($"unknown task {taskId}");

    private bool CanStart(TaskEntry t) =>
        t.Phase == TaskPhase.Pending && t.Spec.ParentTaskIds.All(p => Tasks.TryGetValue(p, out var parent) && parent.Phase == TaskPhase.Completed);

    private CoordinatorState MakeReady(string taskId)
    {
        var t = Tasks[taskId];
        return CanStart(t) ? this with { Ready = Ready.SetItem(KeyOf(t), taskId) } : this;
    }

    /// <summary>
    /// A ready task's place in the queue: with <see cref="Scheduling.CriticalPath"/> the most expected work on the
    /// longest chain below it first (long IMP chains start before independent tasks), ties in graph order.
    /// </summary>
    private ReadyKey KeyOf(TaskEntry t) => new(Scheduling == Scheduling.CriticalPath ? t.CriticalPath : 0, t.Order);

    private CoordinatorState MakeChildrenReady(string taskId) => ChildrenOf(taskId).Aggregate(this, (s, c) => s.MakeReady(c));
}

/// <summary>How the coordinator orders ready tasks.</summary>
public enum Scheduling
{
    /// <summary>Most expected work on the longest remaining chain first (<see cref="TaskGraph.CriticalPath"/>), then graph order.</summary>
    CriticalPath,

    /// <summary>The graph's topological order (trial by trial): the order of releases before 3.</summary>
    GraphOrder,
}

/// <summary>The key of a ready task: larger <paramref name="Work"/> first, then smaller graph <paramref name="Order"/>.</summary>
public readonly record struct ReadyKey(long Work, int Order) : IComparable<ReadyKey>
{
    /// <inheritdoc />
    public int CompareTo(ReadyKey other) => Work != other.Work ? other.Work.CompareTo(Work) : Order.CompareTo(other.Order);
}
