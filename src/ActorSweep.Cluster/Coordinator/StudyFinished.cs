namespace ActorSweep.Cluster.Coordinator;

/// <summary>Every task is final and every row durable (local, coordinator to monitor).</summary>
public sealed record StudyFinished
{
    /// <summary>The single instance.</summary>
    public static readonly StudyFinished Instance = new();
}
