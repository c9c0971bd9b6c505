using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Coordination;

/// <summary>
/// A task completed from the task store goes through the same commit as a trained one (journaled, row written, completed
/// once durable), so a crash anywhere in reusing leaves exactly one row per task after recovery.
/// </summary>
public class TaskReuseStateTests
{
    private static readonly TaskGraph Graph = Coordination.ImpGraph(1, control: false);
    private static readonly string Root = Graph.Tasks[0].TaskId, Round1 = Graph.Tasks[1].TaskId;
    private const string Source = "earlier @ /runs/earlier";

    private static ReuseTask Stored(CoordinatorState s, string taskId) =>
        new(Coordination.Record(s, taskId, 7) with { ReusedFrom = Source });

    [Test]
    public void Reuse_OfAReadyTask_JournalsItAndWritesTheStoredRowAsAttemptOne_ThenCompletesOnceDurable()
    {
        var s = CoordinatorState.For(Graph);
        s = Coordination.Run(s, Stored(s, Root), out var d);
        Assert.That(d.Events, Is.EqualTo(new ICoordinatorEvent[] { new TaskReused(Root, 1, Source) }));
        var row = ((WriteRow)d.Effects.Single()).Record;
        Assert.That((row.Attempt, row.Status, row.ReusedFrom, row.Spec), Is.EqualTo((1, TaskStatuses.Completed, Source, Graph.Tasks[0])));
        Assert.That(s.Tasks[Root].Phase, Is.EqualTo(TaskPhase.Committing));
        Assert.That(s.Ready.Values, Does.Not.Contain(Root), "a task being reused is not leased");

        s = Coordination.Run(s, new ConfirmCommit(Root, 1));
        Assert.That(s.Tasks[Root].Phase, Is.EqualTo(TaskPhase.Completed));
        Assert.That(s.ReusedCount(), Is.EqualTo(1));
        Assert.That(s.IsReady(Round1), Is.True, "its children start from the reused artifacts");
    }

    [Test]
    public void Reuse_OfATaskThatIsNotReady_OrAlreadyLeased_DecidesNothing()
    {
        var s = CoordinatorState.For(Graph);
        Assert.That(s.Decide(Stored(s, Round1)), Is.EqualTo(Decision.None), "its parent has not completed");
        var (leased, _) = Coordination.Lease(s);
        Assert.That(leased.Decide(Stored(leased, Root)).Events, Is.Empty, "a slot holds it");
    }

    [Test]
    public void CrashAfterTheRow_BeforeTheCompletedEvent_RecoversTheTaskAsCompleted_WithoutASecondRow()
    {
        var s = CoordinatorState.For(Graph);
        var journaled = Coordination.Run(s, Stored(s, Root), out var d);
        // Replay of the journal (TaskReused only) over a fresh state, then reconciliation with the row that was written.
        var replayed = CoordinatorState.For(Graph).ApplyAll(d.Events);
        Assert.That(replayed.Tasks[Root].Phase, Is.EqualTo(journaled.Tasks[Root].Phase));
        var recovered = Coordination.Run(replayed, new Recover(new Dictionary<string, string> { [Root] = TaskStatuses.Completed }, Coordination.At), out var r);
        Assert.That(recovered.Tasks[Root].Phase, Is.EqualTo(TaskPhase.Completed));
        Assert.That(r.Effects.OfType<WriteRow>(), Is.Empty, "the row exists: none is written again");
    }

    [Test]
    public void CrashBeforeTheRow_ReleasesTheTask_SoItIsLookedUpOrTrainedAgain()
    {
        var s = CoordinatorState.For(Graph);
        Coordination.Run(s, Stored(s, Root), out var d);
        var replayed = CoordinatorState.For(Graph).ApplyAll(d.Events);
        var recovered = Coordination.Run(replayed, new Recover(new Dictionary<string, string>(), Coordination.At));
        Assert.That(recovered.Tasks[Root].Phase, Is.EqualTo(TaskPhase.Pending));
        Assert.That(recovered.Tasks[Root].ReusedFrom, Is.Null);
        Assert.That(recovered.IsReady(Root), Is.True);
        recovered = Coordination.Run(recovered, Stored(recovered, Root), out var again);
        Assert.That(((WriteRow)again.Effects.Single()).Record.Attempt, Is.EqualTo(2), "a later attempt number: a late row of the first is stale");
    }

    [Test]
    public void Snapshot_KeepsWhichTasksWereReused()
    {
        var s = CoordinatorState.For(Graph);
        s = Coordination.Run(Coordination.Run(s, Stored(s, Root)), new ConfirmCommit(Root, 1));
        var restored = CoordinatorState.For(Graph).Restore(s.ToSnapshot());
        Assert.That(restored.Tasks[Root].ReusedFrom, Is.EqualTo(Source));
        Assert.That(restored.ReusedCount(), Is.EqualTo(1));
    }
}
