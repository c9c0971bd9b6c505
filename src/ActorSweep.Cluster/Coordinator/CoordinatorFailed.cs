namespace ActorSweep.Cluster.Coordinator;

/// <summary>The coordinator stopped because its journal failed (local, coordinator to monitor).</summary>
public sealed record CoordinatorFailed(string Reason);
