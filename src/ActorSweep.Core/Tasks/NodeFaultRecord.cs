namespace ActorSweep.Core.Tasks;

/// <summary>
/// A fault of a node while it held a task, as it lands in the <c>faults</c> dataset: which node, which task
/// and attempt, why, when, and whether this fault took the node out of service.
/// </summary>
/// <param name="Study">The study.</param>
/// <param name="Node">The node's cluster address.</param>
/// <param name="TaskId">The task it held.</param>
/// <param name="Attempt">The attempt that faulted (not counted against the task).</param>
/// <param name="Error">The node's problem.</param>
/// <param name="At">UTC time of the report.</param>
/// <param name="Excluded">True when this fault took the node out of service.</param>
public sealed record NodeFaultRecord(string Study, string Node, string TaskId, int Attempt, string Error, DateTime At, bool Excluded);
