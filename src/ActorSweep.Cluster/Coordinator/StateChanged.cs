using ActorSweep.Core.Coordination;

namespace ActorSweep.Cluster.Coordinator;

/// <summary>The coordinator journaled <paramref name="Events"/>; <paramref name="State"/> is its state after them (local only).</summary>
public sealed record StateChanged(CoordinatorState State, IReadOnlyList<ICoordinatorEvent> Events);
