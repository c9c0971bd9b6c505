namespace ActorSweep.Core.Coordination;

/// <summary>
/// What happened to a study, as the coordinator records it. These are a public, persisted format, written
/// with explicit versioned manifests (Cluster's CoordinatorEventSerializer): never rename a manifest or
/// change a field's meaning; add a new event (or manifest version) instead. Journals written before the
/// manifests existed name these types by their .NET names, so the type names stay too.
/// </summary>
public interface ICoordinatorEvent;

/// <summary>The study started on this journal with the task graph of this fingerprint (journaled once, first).</summary>
public sealed record StudyStarted(string Fingerprint, int Tasks) : ICoordinatorEvent;

/// <summary>A task was leased to a trainer slot.</summary>
public sealed record TaskLeased(string TaskId, string Worker, string Node, int Attempt) : ICoordinatorEvent;

/// <summary>A trainer finished the task; the result is on its way to durable storage.</summary>
public sealed record TaskCommitting(string TaskId, int Attempt) : ICoordinatorEvent;

/// <summary>The task's result is durable.</summary>
public sealed record TaskCompleted(string TaskId, int Attempt) : ICoordinatorEvent;

/// <summary>An attempt failed and the task goes back to the queue.</summary>
public sealed record TaskAttemptFailed(string TaskId, int Attempt, string Error) : ICoordinatorEvent;

/// <summary>The task failed for good (deterministic failure or attempts exhausted); its record is written.</summary>
public sealed record TaskFailed(string TaskId, int Attempt, string Error) : ICoordinatorEvent;

/// <summary>The task will never run because <paramref name="CauseTaskId"/> failed (directly or through a parent).</summary>
public sealed record TaskSkipped(string TaskId, string CauseTaskId) : ICoordinatorEvent;

/// <summary>The node <paramref name="Node"/> faulted while it held the task; the task is queued again without counting an attempt.</summary>
public sealed record NodeFaulted(string TaskId, int Attempt, string Node, string Error) : ICoordinatorEvent;

/// <summary>The node <paramref name="Node"/> faulted too often and receives no more work.</summary>
public sealed record NodeExcluded(string Node, string Reason) : ICoordinatorEvent;

/// <summary>A lease was given back without a failure (its worker or node left); the task is queued again.</summary>
public sealed record LeaseReleased(string TaskId, int Attempt, string Reason) : ICoordinatorEvent;

/// <summary>
/// A slot gave back a lease it had queued and never started (the coordinator asked for it because another slot
/// was idle): the task is queued again and its next lease reuses <paramref name="Attempt"/>, which never ran.
/// </summary>
public sealed record LeaseReturned(string TaskId, int Attempt) : ICoordinatorEvent;

/// <summary>
/// A ready task was completed from the task store instead of being trained: its stored row (carried by the
/// <see cref="WriteRow"/> effect) is being written as attempt <paramref name="Attempt"/>; <paramref name="Source"/> names
/// the study and folder that trained it. Committing until the row is durable, like a trained task's.
/// </summary>
public sealed record TaskReused(string TaskId, int Attempt, string Source) : ICoordinatorEvent;
