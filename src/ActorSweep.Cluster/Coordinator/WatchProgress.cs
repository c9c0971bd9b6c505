namespace ActorSweep.Cluster.Coordinator;

/// <summary>The coordinator's timer tick for its progress watchdog.</summary>
internal sealed record WatchProgress
{
    /// <summary>The single instance.</summary>
    public static readonly WatchProgress Instance = new();
}

/// <summary>The coordinator took a slot out of service (its task hung): for the monitor's status.</summary>
public sealed record SlotTakenOut(string Worker, string Node, string Reason);
