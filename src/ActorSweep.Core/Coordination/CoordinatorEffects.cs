using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Coordination;

/// <summary>
/// Something the coordinator must do once a decision's events are journaled. Decisions name their effects
/// so the actor that carries them out holds no logic of its own: it persists, then performs.
/// </summary>
public interface ICoordinatorEffect;

/// <summary>Hand task <paramref name="TaskId"/> to the slot <paramref name="Worker"/> for attempt <paramref name="Attempt"/>.</summary>
public sealed record SendTask(string TaskId, int Attempt, string Worker) : ICoordinatorEffect;

/// <summary>Make a node's fault a durable row of the <c>faults</c> dataset.</summary>
public sealed record WriteFault(NodeFaultRecord Fault) : ICoordinatorEffect;

/// <summary>Make <paramref name="Record"/> a durable row (a result, a failure, a skip, or a row lost in a crash).</summary>
public sealed record WriteRow(TaskRecord Record) : ICoordinatorEffect;
