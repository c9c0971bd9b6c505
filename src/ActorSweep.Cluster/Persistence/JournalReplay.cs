using Akka.Persistence;
using ActorSweep.Core.Coordination;

namespace ActorSweep.Cluster.Persistence;

/// <summary>
/// Folds what a coordinator's journal holds into its state: a snapshot (laid over the registered graph),
/// Core events, and release 1's <see cref="Coordinator.StudyStarted"/>. The coordinator and the read-only
/// status reader replay through this one function, so they can never disagree.
/// </summary>
public static class JournalReplay
{
    /// <summary>The state after <paramref name="persisted"/>; unknown messages are an error naming their type.</summary>
    public static CoordinatorState Fold(CoordinatorState state, object persisted) => persisted switch
    {
        SnapshotOffer { Snapshot: CoordinatorSnapshot s } => state.Restore(s),
        ICoordinatorEvent e => state.Apply(e),
        Coordinator.StudyStarted legacy => state.Apply(new StudyStarted(legacy.Fingerprint, legacy.Tasks)),
        _ => throw new InvalidOperationException($"the coordinator journal holds a {persisted.GetType().FullName}, which this release cannot replay"),
    };
}
