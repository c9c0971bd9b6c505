using Akka.Persistence;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Persistence;

/// <summary>
/// Folds what a coordinator's journal holds into its state: a snapshot (laid over the registered graph),
/// Core events, and release 1's <see cref="Coordinator.StudyStarted"/>. The coordinator and the read-only
/// status reader replay through this one function, so they can never disagree.
/// </summary>
public static class JournalReplay
{
    /// <summary>
    /// The state after <paramref name="persisted"/>; unknown messages are an error naming their type. Once the journal
    /// shows it recorded another task graph than <paramref name="graph"/> (the study file was edited), its
    /// task events are not replayed — they name tasks this graph does not have — and <see cref="StartStudy"/> then
    /// refuses the study with the counts of both graphs instead of the replay failing on an unknown task.
    /// </summary>
    public static CoordinatorState Fold(CoordinatorState state, object persisted, TaskGraph graph) => persisted switch
    {
        SnapshotOffer { Snapshot: CoordinatorSnapshot s } => state.Restore(s),
        ICoordinatorEvent and not StudyStarted when state.Fingerprint is { } recorded && !graph.Matches(recorded) => state,
        ICoordinatorEvent e => state.Apply(e),
        Coordinator.StudyStarted legacy => state.Apply(new StudyStarted(legacy.Fingerprint, legacy.Tasks)),
        _ => throw new InvalidOperationException($"the coordinator journal holds a {persisted.GetType().FullName}, which this release cannot replay"),
    };
}
