using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Coordination;

/// <summary>The coordinator's view of one task.</summary>
/// <param name="Spec">The task.</param>
/// <param name="Order">Position in the graph's topological order: the lease priority.</param>
/// <param name="Phase">Current phase.</param>
/// <param name="Attempts">Leases handed out so far.</param>
/// <param name="Failures">Attempts that ended in an error (lost workers do not count).</param>
/// <param name="Lease">The current lease, when leased or committing.</param>
/// <param name="Error">Last error, if any; for a skipped task, why it was skipped.</param>
/// <param name="CriticalPath">Training iterations on the longest chain from this task to the end, itself included.</param>
public sealed record TaskEntry(TaskSpec Spec, int Order, TaskPhase Phase, int Attempts, int Failures, Lease? Lease, string? Error, long CriticalPath = 0)
{
    /// <summary>The study and folder a task completed from the task store was trained in (see <see cref="TaskReused"/>); null otherwise.</summary>
    public string? ReusedFrom { get; init; }
}
