namespace ActorSweep.Cluster.Artifacts;

/// <summary>
/// A task's input has no artifacts at the coordinator: the task was leased before a task it reads completed.
/// Every input is an ancestor in the task graph, so this is a scheduling bug; it fails the task loudly and is
/// never charged to the node that asked (which did nothing wrong).
/// </summary>
public sealed class MissingInputException(string message, Exception? inner = null) : Exception(message, inner);
