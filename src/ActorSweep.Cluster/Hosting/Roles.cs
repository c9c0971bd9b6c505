namespace ActorSweep.Cluster.Hosting;

/// <summary>Cluster roles. One binary; a node's role decides what it hosts.</summary>
public static class Roles
{
    /// <summary>Hosts the coordinator singleton and the result sink.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>Hosts trainer slots.</summary>
    public const string Worker = "worker";
}
