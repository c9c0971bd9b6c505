using Akka.Actor;

namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// A coordinator incarnation started (local, coordinator to monitor): the monitor watches it, so that a coordinator
/// that stops for any reason before the study finished fails whoever waits for the study instead of leaving them waiting.
/// </summary>
public sealed record CoordinatorStarted(IActorRef Coordinator);
