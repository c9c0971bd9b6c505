namespace ActorSweep.Cluster.Protocol;

/// <summary>
/// The coordinator stopped because it could not journal (the database went away, a write was refused):
/// everything journaled before is intact, and <c>actorsweep resume</c> continues the study.
/// </summary>
public sealed class CoordinatorFailedException(string message) : Exception(message);
