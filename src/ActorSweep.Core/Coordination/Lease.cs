namespace ActorSweep.Core.Coordination;

/// <summary>A task handed to one trainer slot for one attempt.</summary>
/// <param name="Worker">The slot's address (actor path), unique in the cluster.</param>
/// <param name="Node">The node (cluster address) the slot lives on, for requeue when the node dies.</param>
/// <param name="Attempt">1-based attempt number.</param>
public sealed record Lease(string Worker, string Node, int Attempt);
