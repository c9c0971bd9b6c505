using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Coordination;

/// <summary>What the coordinator is asked to decide on.</summary>
public interface ICoordinatorCommand;

/// <summary>
/// Register the study's tasks (ignored when tasks are already registered). Registration is not journaled:
/// the graph is rebuilt from the study file on every start. <paramref name="CriticalPath"/> gives each
/// task's remaining work on its longest chain (see <see cref="TaskGraph.CriticalPath"/>).
/// </summary>
public sealed record RegisterTasks(IReadOnlyList<TaskSpec> Tasks, IReadOnlyDictionary<string, long>? CriticalPath = null) : ICoordinatorCommand
{
    /// <summary>The tasks of a graph with its critical path.</summary>
    public static RegisterTasks Of(TaskGraph graph) => new(graph.Tasks, graph.CriticalPath);
}

/// <summary>
/// The coordinator starts on a journal: the first start records the graph's fingerprint; a later start
/// with a different graph is refused (the study file or task identity changed since the study started).
/// <paramref name="Legacy"/> is the same graph's fingerprint as an earlier release computed it (in graph order), which a
/// journal started then recorded; it is accepted as the same graph.
/// </summary>
public sealed record StartStudy(string Fingerprint, int TaskCount, string? Legacy = null) : ICoordinatorCommand
{
    /// <summary>The start of <paramref name="graph"/>.</summary>
    public static StartStudy Of(TaskGraph graph) => new(graph.Fingerprint, graph.Tasks.Count, graph.OrderedFingerprint);
}

/// <summary>
/// Restart recovery after the journal was replayed: <paramref name="Rows"/> are the statuses of the tasks
/// that have a durable row. A task with a row is final whatever the journal says (the row was written just
/// before a crash); a final task whose row was lost gets it written again; every lease and commit in flight
/// belonged to the previous run and goes back to the queue. <paramref name="At"/> stamps rewritten rows.
/// </summary>
public sealed record Recover(IReadOnlyDictionary<string, string> Rows, DateTime At) : ICoordinatorCommand;

/// <summary>A trainer slot asks for a task; <paramref name="Mode"/> says what it holds (see <see cref="WorkRequestMode"/>).</summary>
public sealed record LeaseTask(string Worker, string Node, WorkRequestMode Mode = WorkRequestMode.Fresh, string? Running = null) : ICoordinatorCommand;

/// <summary>What a slot that asks for work holds, which decides what the coordinator does with the leases it has given it.</summary>
public enum WorkRequestMode
{
    /// <summary>The slot holds nothing (it just started, or it has waited a while): every lease it has is stale and goes back to the queue.</summary>
    Fresh,

    /// <summary>
    /// The slot has just finished its task and holds nothing it knows of; a lease given it since is on its way
    /// (it was an answer to the slot's request ahead), so the slot gets nothing more and nothing is released.
    /// </summary>
    Idle,

    /// <summary>
    /// The slot has just started the task <see cref="LeaseTask.Running"/> and asks for the next one to keep queued
    /// (prefetch), so that it can start it without a round trip; only when it holds no other lease.
    /// </summary>
    Ahead,
}

/// <summary>The slot <paramref name="Worker"/> gives back the queued lease of <paramref name="TaskId"/> without having started it.</summary>
public sealed record ReturnLease(string Worker, string TaskId, int Attempt) : ICoordinatorCommand;

/// <summary>A trainer finished its attempt successfully; <paramref name="Record"/> is what it measured.</summary>
public sealed record FinishAttempt(TaskRecord Record) : ICoordinatorCommand;

/// <summary>The finished attempt's result was written durably.</summary>
public sealed record ConfirmCommit(string TaskId, int Attempt) : ICoordinatorCommand;

/// <summary>
/// A trainer's attempt failed; <paramref name="Record"/> carries the error, node and times. Deterministic
/// failures are not retried; node faults do not count against the task.
/// </summary>
public sealed record FailAttempt(TaskRecord Record, FailureKind Kind) : ICoordinatorCommand
{
    /// <summary>True for a failure that would happen on every attempt.</summary>
    public bool Deterministic => Kind == FailureKind.Deterministic;
}

/// <summary>A worker slot or a whole node is gone: every lease it held returns to the queue.</summary>
public sealed record ReleaseLeases(string? Worker, string? Node, string Reason) : ICoordinatorCommand;

/// <summary>
/// The task store holds the result of a ready task: complete it with <paramref name="Record"/> (its stored row, with
/// <see cref="TaskRecord.ReusedFrom"/> set) instead of leasing it. Ignored unless the task is pending and ready.
/// </summary>
public sealed record ReuseTask(TaskRecord Record) : ICoordinatorCommand;
