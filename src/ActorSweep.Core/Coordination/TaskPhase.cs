namespace ActorSweep.Core.Coordination;

/// <summary>Where a task is in its life.</summary>
public enum TaskPhase
{
    /// <summary>Not leased; may be waiting for its parent.</summary>
    Pending,

    /// <summary>Leased to a trainer slot.</summary>
    Leased,

    /// <summary>The trainer finished; its result is being written. Not re-leased.</summary>
    Committing,

    /// <summary>The result is durable.</summary>
    Completed,

    /// <summary>Failed for good.</summary>
    Failed,

    /// <summary>Will never run: a task it depends on failed.</summary>
    Skipped,
}
