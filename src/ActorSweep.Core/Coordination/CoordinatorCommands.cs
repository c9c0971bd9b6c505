using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Coordination;

/// <summary>What the coordinator is asked to decide on.</summary>
public interface ICoordinatorCommand;

/// <summary>Register the study's tasks (ignored when tasks are already registered, i.e. on resume).</summary>
public sealed record RegisterTasks(IReadOnlyList<TaskSpec> Tasks) : ICoordinatorCommand;

/// <summary>A free trainer slot asks for a task.</summary>
public sealed record LeaseTask(string Worker, string Node) : ICoordinatorCommand;

/// <summary>A trainer finished its attempt successfully.</summary>
public sealed record FinishAttempt(string TaskId, int Attempt) : ICoordinatorCommand;

/// <summary>The finished attempt's result was written durably.</summary>
public sealed record ConfirmCommit(string TaskId, int Attempt) : ICoordinatorCommand;

/// <summary>A trainer's attempt failed; <paramref name="Deterministic"/> failures are not retried.</summary>
public sealed record FailAttempt(string TaskId, int Attempt, string Error, bool Deterministic) : ICoordinatorCommand;

/// <summary>A worker slot or a whole node is gone: every lease it held returns to the queue.</summary>
public sealed record ReleaseLeases(string? Worker, string? Node, string Reason) : ICoordinatorCommand;

/// <summary>Restart recovery: every lease and commit in flight belonged to the previous run; re-queue them.</summary>
public sealed record RecoverAfterRestart : ICoordinatorCommand
{
    /// <summary>The single instance (field-less message).</summary>
    public static readonly RecoverAfterRestart Instance = new();
}
