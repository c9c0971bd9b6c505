namespace ActorSweep.Core.Tasks;

/// <summary>
/// A failure that belongs to the node, not to the task: its device is missing or was lost, it ran out of
/// memory, a native library failed, artifacts could not reach it. The task goes back to the queue without
/// using up an attempt; a node that faults repeatedly stops receiving work.
/// </summary>
public sealed class NodeFault : Exception
{
    /// <summary>Creates the fault; <paramref name="reason"/> names the node's problem.</summary>
    public NodeFault(string reason, Exception? inner = null) : base(reason, inner) { }
}
