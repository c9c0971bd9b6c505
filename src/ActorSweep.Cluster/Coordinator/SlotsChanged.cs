namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// A trainer slot first asked the coordinator for work (<paramref name="Joined"/>) or stopped (local,
/// coordinator to monitor), so that the status lists every slot of every node, idle ones included.
/// </summary>
public sealed record SlotsChanged(string Worker, string Node, bool Joined);
