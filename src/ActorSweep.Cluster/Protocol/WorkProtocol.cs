using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Protocol;

// Messages between trainer slots and the coordinator. Slots pull: a free slot sends RequestWork and
// the coordinator answers with AssignTask when a task is ready (it holds the request until then). A slot
// that starts a task asks ahead for the next one (prefetch) and keeps it queued, so that it starts it the
// moment its task ends instead of after a round trip; the coordinator takes a queued lease back
// (RevokeTask → TaskReturned) when another slot is idle and nothing else is ready.

/// <summary>
/// A trainer slot asks for a task. The sender is the slot; <paramref name="Node"/> its cluster address;
/// <paramref name="Mode"/> what it holds (<paramref name="Running"/>: the task it has just started, when it asks ahead).
/// </summary>
public sealed record RequestWork(string Node, WorkRequestMode Mode = WorkRequestMode.Fresh, string? Running = null)
{
    /// <summary>
    /// The <see cref="ActorSweep.Core.Study.ResultsVersion"/> of the slot's build: a coordinator refuses a slot whose build
    /// computes other numbers than its own (<see cref="WorkRefused"/>). A request without it comes from a build before results
    /// versions, which computed <see cref="ActorSweep.Core.Study.ResultsVersion.Release1"/>'s numbers.
    /// </summary>
    public int ResultsVersion { get; init; } = ActorSweep.Core.Study.ResultsVersion.Release1;
}

/// <summary>The coordinator will not lease to this slot (its build's results version differs from the coordinator's): why, in one line.</summary>
public sealed record WorkRefused(string Reason);

/// <summary>The coordinator asks a slot to give back the lease it has queued and not started (another slot is idle).</summary>
public sealed record RevokeTask(string TaskId, int Attempt);

/// <summary>A slot gives back a lease it never started: revoked, or one it could not queue.</summary>
public sealed record TaskReturned(string TaskId, int Attempt);

/// <summary>
/// The coordinator leases a task to the slot for one attempt. <paramref name="Artifacts"/> is the
/// artifact hub on the coordinator's node, for slots that have no shared folder with it. <paramref name="Ahead"/>:
/// the answer to a request ahead (prefetch), meant to be queued behind the slot's running task.
/// </summary>
public sealed record AssignTask(TaskSpec Spec, int Attempt, Akka.Actor.IActorRef? Artifacts = null, bool Ahead = false);

/// <summary>The study has no more work for this slot (it is finished).</summary>
public sealed record NoMoreWork
{
    /// <summary>The single instance.</summary>
    public static readonly NoMoreWork Instance = new();
}

/// <summary>A slot finished an attempt; <see cref="TaskRecord.Status"/> is completed.</summary>
public sealed record ReportSuccess(TaskRecord Record);

/// <summary>A slot's attempt failed; the record carries the error, <paramref name="Kind"/> whose fault it was.</summary>
public sealed record ReportFailure(TaskRecord Record, FailureKind Kind);

/// <summary>A running task's progress, for the live view.</summary>
public sealed record ReportProgress(TaskProgress Progress, string Node);

/// <summary>
/// The coordinator's progress watchdog found the slot's running attempt hung (no progress for longer than its limit): the
/// lease went to another slot, and this slot is out of service — it stops asking for work and says so on its node's event
/// stream (<see cref="SlotOutOfService"/>), so that the worker process can exit for its launcher to restart it.
/// </summary>
public sealed record SlotHung(string TaskId, int Attempt, string Reason);

/// <summary>Published on a worker node's event stream when one of its slots was taken out of service (hung).</summary>
public sealed record SlotOutOfService(string Slot, string TaskId, string Reason);

/// <summary>Asks a slot to take no more work: it finishes what runs, gives back what it holds queued, and says <see cref="SlotDrained"/>.</summary>
public sealed record DrainSlot
{
    /// <summary>The single instance.</summary>
    public static readonly DrainSlot Instance = new();
}

/// <summary>Published on a worker node's event stream when a draining slot is idle and takes no more work.</summary>
public sealed record SlotDrained(string Slot);
