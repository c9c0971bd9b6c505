using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Protocol;

// Messages between trainer slots and the coordinator. Slots pull: a free slot sends RequestWork and
// the coordinator answers with AssignTask when a task is ready (it holds the request until then).

/// <summary>A free trainer slot asks for a task. The sender is the slot; <paramref name="Node"/> its cluster address.</summary>
public sealed record RequestWork(string Node);

/// <summary>
/// The coordinator leases a task to the slot for one attempt. <paramref name="Artifacts"/> is the
/// artifact hub on the coordinator's node, for slots that have no shared folder with it.
/// </summary>
public sealed record AssignTask(TaskSpec Spec, int Attempt, Akka.Actor.IActorRef? Artifacts = null);

/// <summary>The study has no more work for this slot (it is finished).</summary>
public sealed record NoMoreWork
{
    /// <summary>The single instance.</summary>
    public static readonly NoMoreWork Instance = new();
}

/// <summary>A slot finished an attempt; <see cref="TaskRecord.Status"/> is completed.</summary>
public sealed record ReportSuccess(TaskRecord Record);

/// <summary>A slot's attempt failed; the record carries the error, <paramref name="Kind"/> whose fault it was.</summary>
public sealed record ReportFailure(TaskRecord Record, FailureKind Kind);

/// <summary>A running task's progress, for the live view.</summary>
public sealed record ReportProgress(TaskProgress Progress, string Node);
