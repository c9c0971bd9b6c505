namespace ActorSweep.Core.Coordination;

/// <summary>
/// What the <see cref="SlotScheduler"/> needs of its coordinator: the current state, and a command decided and applied
/// at once (journaling the events and performing the effects is the host's business, and may happen later).
/// </summary>
public interface ICoordinatorSession
{
    /// <summary>The state after every command executed so far.</summary>
    CoordinatorState State { get; }

    /// <summary>True once the study was refused (nothing is scheduled any more).</summary>
    bool IsRefused { get; }

    /// <summary>Decides <paramref name="command"/> and applies its events at once; the decision says what happened.</summary>
    Decision Execute(ICoordinatorCommand command);
}

/// <summary>A slot's request for work: its node, what it holds (<see cref="WorkRequestMode"/>) and the task it runs when asking ahead.</summary>
public sealed record SlotRequest(string Node, WorkRequestMode Mode = WorkRequestMode.Fresh, string? Running = null);

/// <summary>Whether a request comes from the slot known under its path, a slot new to the coordinator, or a new incarnation of a known slot (its supervisor restarted it).</summary>
public enum SlotArrival
{
    /// <summary>The slot already registered under this path.</summary>
    Known,

    /// <summary>A slot not seen before.</summary>
    New,

    /// <summary>A new incarnation of a registered slot (same path): what the earlier one held is released or returned.</summary>
    Reincarnated,
}

/// <summary>Something the host tells a slot or the monitor on the scheduler's behalf.</summary>
public abstract record SlotOrder;

/// <summary>Ask <paramref name="Slot"/> to give back its queued, unstarted lease of <paramref name="TaskId"/> (another slot is idle).</summary>
public sealed record RevokeOrder(string Slot, string TaskId, int Attempt) : SlotOrder;

/// <summary>Tell <paramref name="Slot"/> the study has no more work.</summary>
public sealed record NoMoreWorkOrder(string Slot) : SlotOrder;

/// <summary>The tasks slots hold queued (asked ahead, not started) changed to <paramref name="TaskIds"/>.</summary>
public sealed record QueuedChanged(IReadOnlyList<string> TaskIds) : SlotOrder;

/// <summary>
/// Which slot gets which task, decided in plain code: the slots waiting for work (idle first, slots asking ahead after
/// them), the leases slots hold queued behind a running task (prefetch), and revocation — an idle slot never takes a
/// ready task while another slot holds a task of more work queued: that lease is asked back and the idle slot waits for
/// it, so a prefetched task neither waits behind a long one while a slot idles nor lets a lower-priority task start
/// first (equal work never revokes). The order of ready tasks (critical path) is <see cref="CoordinatorState"/>'s.
/// </summary>
/// <remarks>
/// The host (the coordinator actor) keeps the slots' addresses, turns messages into calls here and carries out the
/// <see cref="TakeOrders">orders</see>; every decision about leases goes through <see cref="ICoordinatorSession.Execute"/>,
/// so it is journaled like any other. Slots are named by their actor path. Not thread-safe: one host, one thread.
/// </remarks>
public sealed class SlotScheduler
{
    private readonly ICoordinatorSession _session;
    private readonly TimeSpan _reaskInterval;
    private readonly Dictionary<string, SlotRequest> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string TaskId, int Attempt)> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _aheadLeased = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revoking = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _sentAt = new(StringComparer.Ordinal);
    private readonly List<SlotOrder> _orders = new();
    private bool _serving;

    /// <summary>A scheduler over <paramref name="session"/>; slots re-ask every <paramref name="reaskInterval"/> while they wait.</summary>
    public SlotScheduler(ICoordinatorSession session, TimeSpan reaskInterval)
    {
        _session = session;
        _reaskInterval = reaskInterval;
    }

    /// <summary>The slots waiting for work, in the order they are served within their kind.</summary>
    public IReadOnlyList<string> Waiting => _waiting.Keys.ToList();

    /// <summary>The tasks slots hold queued behind a running task, by slot.</summary>
    public IReadOnlyDictionary<string, string> Queued => _queued.ToDictionary(q => q.Key, q => q.Value.TaskId, StringComparer.Ordinal);

    /// <summary>The orders decided since the last call, in order; the host carries them out.</summary>
    public IReadOnlyList<SlotOrder> TakeOrders()
    {
        var orders = _orders.ToList();
        _orders.Clear();
        return orders;
    }

    private CoordinatorState State => _session.State;

    /// <summary>Slot <paramref name="slot"/> asks for work at <paramref name="now"/>.</summary>
    public void Request(string slot, SlotRequest request, SlotArrival arrival, DateTime now)
    {
        if (arrival == SlotArrival.Reincarnated)
        {
            _waiting.Remove(slot);
            // A task the earlier incarnation held queued (asked ahead, never started) goes back uncounted.
            if (_queued.TryGetValue(slot, out var unstarted)) _session.Execute(new ReturnLease(slot, unstarted.TaskId, unstarted.Attempt));
        }
        if (arrival != SlotArrival.Known) _sentAt.Remove(slot);
        else if (request.Mode == WorkRequestMode.Fresh && _sentAt.TryGetValue(slot, out var sent) && now - sent < _reaskInterval)
        {
            // The slot re-asks every interval until a task comes; a re-ask sent before the task just sent arrived must not
            // release its lease (the slot runs it: the task would run twice, and a failure of the first run would go
            // uncounted). A task sent longer ago than that was lost: released as before.
            request = request with { Mode = WorkRequestMode.Idle };
        }
        if (_session.IsRefused) return;
        if (State.IsFinished) { _orders.Add(new NoMoreWorkOrder(slot)); return; }
        // Whatever the slot asks, a lease it had queued is started, or on its way to it and started on arrival: no longer
        // one to take back.
        var onItsWay = request.Mode == WorkRequestMode.Idle && _queued.ContainsKey(slot);
        Unqueue(slot);
        if (onItsWay) _waiting.Remove(slot);
        else
        {
            // A slot asking afresh holds nothing: whatever is still leased to it is stale (it restarted, or an assignment
            // was lost), and goes back to the ready queue before the slot waits its turn.
            if (request.Mode == WorkRequestMode.Fresh) _session.Execute(new ReleaseLeases(slot, null, "its slot asked for new work"));
            _waiting[slot] = request;
        }
        Serve();
    }

    /// <summary>
    /// Task <paramref name="taskId"/> was sent to <paramref name="slot"/> at <paramref name="now"/> (the lease is journaled);
    /// true when it answered the slot's request ahead, so the slot keeps it queued behind its running task.
    /// </summary>
    public bool Sent(string slot, string taskId, int attempt, DateTime now)
    {
        var ahead = _aheadLeased.Remove(slot);
        _sentAt[slot] = now;
        if (ahead) Queue(slot, taskId, attempt);
        return ahead;
    }

    /// <summary>A task leased to <paramref name="slot"/> could not be sent (the slot is gone); its lease returns when the slot asks again.</summary>
    public void NotSent(string slot) => _aheadLeased.Remove(slot);

    /// <summary>
    /// An attempt on <paramref name="slot"/> failed. A retryable failure restarts the slot: its ask-ahead would lease a
    /// task (the retry, even) to an incarnation that is gone, whose lease the next one's fresh ask then releases — an
    /// attempt that never ran. So it is dropped.
    /// </summary>
    public void Failed(string slot, bool retryable)
    {
        if (retryable && _waiting.TryGetValue(slot, out var asked) && asked.Mode == WorkRequestMode.Ahead) _waiting.Remove(slot);
    }

    /// <summary><paramref name="slot"/> gave back the queued lease of <paramref name="taskId"/> without starting it.</summary>
    public void Returned(string slot, string taskId, int attempt)
    {
        if (_queued.TryGetValue(slot, out var q) && q.TaskId == taskId) Unqueue(slot);
        if (_session.Execute(new ReturnLease(slot, taskId, attempt)).Events.Count > 0) Serve();
    }

    /// <summary>The current incarnation of <paramref name="slot"/> stopped: it waits no more, and what it held returns.</summary>
    public void Gone(string slot, string reason)
    {
        _waiting.Remove(slot);
        _sentAt.Remove(slot);
        Unqueue(slot);
        Release(slot, null, reason);
    }

    /// <summary>Every lease of <paramref name="slot"/> or of <paramref name="node"/> returns to the ready queue.</summary>
    public void Release(string? slot, string? node, string reason)
    {
        if (_session.Execute(new ReleaseLeases(slot, node, reason)).Events.Count > 0) Serve();
    }

    /// <summary>The study finished: every waiting slot is told so.</summary>
    public void Finish()
    {
        foreach (var slot in _waiting.Keys) _orders.Add(new NoMoreWorkOrder(slot));
        _waiting.Clear();
    }

    /// <summary>
    /// Hands ready tasks to waiting slots, idle slots first and slots asking ahead after them; an idle slot waits for a
    /// queued lease of more work, which is revoked, rather than take a ready task of less.
    /// </summary>
    public void Serve()
    {
        if (_serving || _session.IsRefused) return;
        _serving = true;
        try
        {
            if (State.IsFinished)
            {
                Finish();
                return;
            }
            foreach (var (slot, q) in _queued.ToList())
                if (!State.Tasks.TryGetValue(q.TaskId, out var t) || t.Phase != TaskPhase.Leased || t.Lease?.Worker != slot || t.Attempts != q.Attempt)
                    Unqueue(slot);   // released meanwhile (its slot or node left)
            var returning = _revoking.Count;   // each lease on its way back is some idle slot's
            foreach (var (slot, request) in _waiting.Where(w => w.Value.Mode != WorkRequestMode.Ahead && !State.ExcludedNodes.ContainsKey(w.Value.Node)).ToList())
            {
                if (returning > 0) { returning--; continue; }
                if (BestQueuedAbove(State.Ready.IsEmpty ? null : State.Ready.First().Key.Work) is var (holder, q))
                {
                    _revoking.Add(holder);
                    _orders.Add(new RevokeOrder(holder, q.TaskId, q.Attempt));
                    continue;
                }
                if (State.Ready.IsEmpty) break;
                Lease(slot, request);
            }
            foreach (var (slot, request) in _waiting.Where(w => w.Value.Mode == WorkRequestMode.Ahead).ToList())
            {
                if (State.Ready.IsEmpty) break;
                Lease(slot, request);
            }
        }
        finally { _serving = false; }
    }

    private void Lease(string slot, SlotRequest request)
    {
        if (!_session.Execute(new LeaseTask(slot, request.Node, request.Mode, request.Running)).Events.OfType<TaskLeased>().Any()) return;
        if (request.Mode == WorkRequestMode.Ahead) _aheadLeased.Add(slot);
        _waiting.Remove(slot);
    }

    /// <summary>The queued lease (not already being taken back) of the most work above <paramref name="readyWork"/>; any when nothing is ready.</summary>
    private (string Slot, (string TaskId, int Attempt) Lease)? BestQueuedAbove(long? readyWork)
    {
        (string, (string, int))? best = null;
        var bestWork = long.MinValue;
        foreach (var (slot, q) in _queued)
        {
            if (_revoking.Contains(slot)) continue;
            var work = State.WorkOf(q.TaskId);
            if ((readyWork is null || work > readyWork) && work > bestWork) { best = (slot, q); bestWork = work; }
        }
        return best;
    }

    private void Queue(string slot, string taskId, int attempt)
    {
        _queued[slot] = (taskId, attempt);
        _orders.Add(new QueuedChanged(_queued.Values.Select(q => q.TaskId).ToList()));
    }

    private void Unqueue(string slot)
    {
        _revoking.Remove(slot);
        if (_queued.Remove(slot)) _orders.Add(new QueuedChanged(_queued.Values.Select(q => q.TaskId).ToList()));
    }
}
