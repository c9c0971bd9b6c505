namespace ActorSweep.Cluster.Hosting;

/// <summary>How a node binds and whom it joins.</summary>
/// <param name="Host">Bind host; 127.0.0.1 unless a multi-host run configures one.</param>
/// <param name="Port">Bind port; 0 picks a free one (embedded runs).</param>
/// <param name="Seeds">Seed node addresses (<c>akka.tcp://actorsweep@host:port</c>); empty = join itself.</param>
/// <param name="ConfigFile">Optional HOCON file layered over the defaults.</param>
public sealed record NodeOptions(string Host = "127.0.0.1", int Port = 0, IReadOnlyList<string>? Seeds = null, string? ConfigFile = null)
{
    /// <summary>HOCON layered over everything else (the composition root's logging, say).</summary>
    public string? ExtraConfig { get; init; }

    /// <summary>
    /// Told at once, while the node goes on trying to join, when a seed cannot be reached yet (nothing listens there);
    /// problems that can never resolve throw <see cref="ClusterJoinException"/> instead.
    /// </summary>
    public Action<string>? JoinProblem { get; init; }

    /// <summary>The actor system name, shared by every node of a cluster.</summary>
    public const string SystemName = "actorsweep";
}
