namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// This node cannot join the cluster its seeds name; the message says why in one sentence (nothing listens there,
/// TLS on one side only, a certificate not pinned, or no answer within <c>actorsweep.join-timeout</c>).
/// </summary>
public sealed class ClusterJoinException(string message) : Exception(message);
