namespace ActorSweep.Core.Coordination;

/// <summary>
/// The journaled part of a <see cref="CoordinatorState"/>, for snapshots: the fingerprint and every task
/// that left its initial state. The task graph itself is not in it (it is rebuilt from the study file), so a
/// snapshot of 100,000 tasks stays small; <see cref="CoordinatorState.Restore"/> lays it over the graph.
/// A persisted format: add fields, never rename them.
/// </summary>
/// <param name="Fingerprint">The started graph's fingerprint; null before the study started.</param>
/// <param name="TaskCount">Tasks of the started graph.</param>
/// <param name="Tasks">Tasks not pending with zero attempts.</param>
public sealed record CoordinatorSnapshot(string? Fingerprint, int TaskCount, IReadOnlyList<TaskSnapshot> Tasks)
{
    /// <summary>Faults per node and the nodes taken out of service (null in a snapshot without faults).</summary>
    public IReadOnlyList<NodeSnapshot>? Nodes { get; init; }
}

/// <summary>One node with faults in a <see cref="CoordinatorSnapshot"/>.</summary>
public sealed record NodeSnapshot(string Node, int Faults, string? ExcludedBecause);

/// <summary>One task in a <see cref="CoordinatorSnapshot"/>.</summary>
public sealed record TaskSnapshot(string TaskId, TaskPhase Phase, int Attempts, int Failures, Lease? Lease, string? Error)
{
    /// <summary>Where a task completed from the task store was trained (null otherwise, and in snapshots before the store).</summary>
    public string? ReusedFrom { get; init; }
}
