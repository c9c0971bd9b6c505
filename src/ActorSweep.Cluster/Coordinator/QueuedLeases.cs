namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// The tasks that slots hold queued behind their running task (prefetched, not started), after every change
/// (local, coordinator to monitor): the status counts them apart from the running ones.
/// </summary>
public sealed record QueuedLeases(IReadOnlyList<string> TaskIds);
