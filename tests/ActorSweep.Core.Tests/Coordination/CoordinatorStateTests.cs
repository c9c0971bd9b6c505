using ActorSweep.Core.Coordination;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Study;

namespace ActorSweep.Core.Tests.Coordination;

/// <summary>Shared helpers: run commands on a state, make the records trainers report.</summary>
internal static class Coordination
{
    public static readonly DateTime At = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>One imp trial of <paramref name="rounds"/> rounds (each with a random-reinit control when asked).</summary>
    public static TaskGraph ImpGraph(int rounds, bool control = true, int iterations = 10) => TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText($$"""
        name = t
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training { iterations = {{iterations}} }
        methods = [ { name = imp, rounds = {{rounds}}{{(control ? ", controls = [random-reinit]" : "")}} } ]
        """, "t.hocon"));

    public static CoordinatorState Run(CoordinatorState s, ICoordinatorCommand c, out Decision decision)
    {
        decision = s.Decide(c);
        return s.ApplyAll(decision.Events);
    }

    public static CoordinatorState Run(CoordinatorState s, ICoordinatorCommand c) => Run(s, c, out _);

    public static TaskRecord Record(CoordinatorState s, string taskId, int attempt, string status = TaskStatuses.Completed, string? error = null) =>
        new(s.Tasks[taskId].Spec, status, error, attempt, "n1", At, At, null);

    public static FinishAttempt Finish(CoordinatorState s, string taskId, int attempt) => new(Record(s, taskId, attempt));

    public static FailAttempt Fail(CoordinatorState s, string taskId, int attempt, string error, bool deterministic) =>
        new(Record(s, taskId, attempt, TaskStatuses.Failed, error), deterministic ? FailureKind.Deterministic : FailureKind.Retryable);

    public static FailAttempt NodeFault(CoordinatorState s, string taskId, int attempt, string error, string node = "n1") =>
        new(Record(s, taskId, attempt, TaskStatuses.Failed, error) with { Node = node }, FailureKind.Node);

    public static (CoordinatorState State, TaskLeased? Lease) Lease(CoordinatorState s, string worker = "w1", string node = "n1")
    {
        s = Run(s, new LeaseTask(worker, node), out var d);
        return (s, d.Events.OfType<TaskLeased>().SingleOrDefault());
    }

    public static CoordinatorState Complete(CoordinatorState s, TaskLeased l)
    {
        s = Run(s, Finish(s, l.TaskId, l.Attempt));
        return Run(s, new ConfirmCommit(l.TaskId, l.Attempt));
    }
}

public class CoordinatorStateTests
{
    // One imp trial: round 0 → round 1 → round 2, each pruned round with a random-reinit control.
    private static readonly TaskGraph Graph = Coordination.ImpGraph(2, control: true);

    private static CoordinatorState Registered(int maxAttempts = 3) => CoordinatorState.For(Graph, maxAttempts);

    [Test]
    public void Lease_BeforeRoundZeroCompletes_HandsOutNothingElse()
    {
        var (s, first) = Coordination.Lease(Registered());
        Assert.That(first!.TaskId, Is.EqualTo(Graph.Tasks[0].TaskId));
        var (_, second) = Coordination.Lease(s, "w2");
        Assert.That(second, Is.Null, "round 1 needs round 0's weights");
    }

    [Test]
    public void Lease_DecidesToSendTheTaskToTheAskingSlot()
    {
        Coordination.Run(Registered(), new LeaseTask("w7", "n1"), out var d);
        Assert.That(d.Effects, Is.EqualTo(new ICoordinatorEffect[] { new SendTask(Graph.Tasks[0].TaskId, 1, "w7") }));
    }

    [Test]
    public void Finish_DecidesToWriteTheTrainersRecord_AndCompletesOnlyOnceItIsDurable()
    {
        var (s, l) = Coordination.Lease(Registered());
        var finish = Coordination.Finish(s, l!.TaskId, 1);
        s = Coordination.Run(s, finish, out var d);
        Assert.That(d.Effects, Is.EqualTo(new ICoordinatorEffect[] { new WriteRow(finish.Record) }));
        Assert.That(s.Tasks[l.TaskId].Phase, Is.EqualTo(TaskPhase.Committing));
        s = Coordination.Run(s, new ConfirmCommit(l.TaskId, 1));
        Assert.That(s.Tasks[l.TaskId].Phase, Is.EqualTo(TaskPhase.Completed));
    }

    [Test]
    public void Complete_Round_MakesTheNextRoundReadyThenItsControl()
    {
        var (s, l0) = Coordination.Lease(Registered());
        s = Coordination.Complete(s, l0!);
        var (s2, l1) = Coordination.Lease(s);
        Assert.That(s2.Tasks[l1!.TaskId].Spec.Round, Is.EqualTo(1));
        s2 = Coordination.Complete(s2, l1);
        var (s3, a) = Coordination.Lease(s2, "w1");
        var (s4, b) = Coordination.Lease(s3, "w2");
        Assert.That(new[] { s4.Tasks[a!.TaskId].Spec, s4.Tasks[b!.TaskId].Spec }.Select(t => (t.Round, t.Branch)),
            Is.EquivalentTo(new[] { (1, Branches.RandomReinit), (2, Branches.Main) }));
    }

    [Test]
    public void Fail_BelowTheAttemptLimit_RequeuesWithTheNextAttemptNumber()
    {
        var (s, l) = Coordination.Lease(Registered());
        s = Coordination.Run(s, Coordination.Fail(s, l!.TaskId, 1, "boom", false), out var d);
        Assert.That(d.Events.Single(), Is.TypeOf<TaskAttemptFailed>());
        Assert.That(d.Effects, Is.Empty, "a retried attempt writes no row");
        var (_, again) = Coordination.Lease(s, "w2");
        Assert.That(again!.TaskId, Is.EqualTo(l.TaskId));
        Assert.That(again.Attempt, Is.EqualTo(2));
    }

    [Test]
    public void Fail_AtTheAttemptLimit_FailsTheTaskSkipsEveryDescendantAndWritesEachRow()
    {
        var s = Registered(maxAttempts: 2);
        Decision last = Decision.None;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            (s, var l) = Coordination.Lease(s);
            s = Coordination.Run(s, Coordination.Fail(s, l!.TaskId, attempt, $"err{attempt}", false), out last);
        }
        var root = s.Tasks[Graph.Tasks[0].TaskId];
        Assert.That(root.Phase, Is.EqualTo(TaskPhase.Failed));
        Assert.That(root.Error, Does.Contain("failed 2 of 2 attempts").And.Contain("err2"));
        Assert.That(s.Tasks.Values.Count(t => t.Phase == TaskPhase.Skipped), Is.EqualTo(Graph.Tasks.Count - 1));
        Assert.That(s.IsFinished, Is.True);
        var rows = last.Effects.Cast<WriteRow>().Select(w => w.Record).ToList();
        Assert.That(rows.Select(r => r.Spec.TaskId), Is.EquivalentTo(Graph.Tasks.Select(t => t.TaskId)), "one row for the failure and one per skipped task");
        Assert.That(rows.Count(r => r.Status == TaskStatuses.Failed), Is.EqualTo(1));
    }

    [Test]
    public void Skip_NamesTheParentThatFailedOrWasSkipped()
    {
        var s = Registered(maxAttempts: 1);
        var (s1, l) = Coordination.Lease(s);
        s = Coordination.Run(s1, Coordination.Fail(s1, l!.TaskId, 1, "boom", false));
        var round1 = Graph.Tasks.Single(t => t.Round == 1 && t.Branch == Branches.Main);
        var round2 = Graph.Tasks.Single(t => t.Round == 2 && t.Branch == Branches.Main);
        Assert.That(s.Tasks[round1.TaskId].Error, Is.EqualTo($"not run: parent task {l.TaskId} failed"));
        Assert.That(s.Tasks[round2.TaskId].Error, Is.EqualTo($"not run: parent task {round1.TaskId} was skipped (task {l.TaskId} failed)"));
    }

    [Test]
    public void Fail_Deterministic_IsFinalOnTheFirstAttempt()
    {
        var (s, l) = Coordination.Lease(Registered());
        s = Coordination.Run(s, Coordination.Fail(s, l!.TaskId, 1, "loss is NaN at iteration 3", true));
        Assert.That(s.Tasks[l.TaskId].Phase, Is.EqualTo(TaskPhase.Failed));
        Assert.That(s.Tasks[l.TaskId].Error, Is.EqualTo("loss is NaN at iteration 3"));
    }

    [Test]
    public void Finish_StaleAttempt_IsIgnored()
    {
        var (s, l) = Coordination.Lease(Registered());
        s = Coordination.Run(s, new ReleaseLeases(null, "n1", "node down"));
        var (s2, l2) = Coordination.Lease(s, "w9", "n2");
        Assert.That(s2.Decide(Coordination.Finish(s2, l!.TaskId, l.Attempt)), Is.EqualTo(Decision.None), "attempt 1 was taken away");
        Assert.That(s2.Decide(Coordination.Finish(s2, l2!.TaskId, l2.Attempt)).Events, Has.Count.EqualTo(1));
    }

    [Test]
    public void ReleaseLeases_OfADeadNode_RequeuesOnlyItsTasksWithoutCountingAFailure()
    {
        var (s, l0) = Coordination.Lease(Registered());
        s = Coordination.Complete(s, l0!);
        (s, var l1) = Coordination.Lease(s, "a", "n1");
        s = Coordination.Complete(s, l1!);
        (s, var onN1) = Coordination.Lease(s, "a", "n1");
        (s, var onN2) = Coordination.Lease(s, "b", "n2");
        s = Coordination.Run(s, new ReleaseLeases(null, "n1", "node removed"), out var d);
        Assert.That(d.Events.Cast<LeaseReleased>().Select(e => e.TaskId), Is.EqualTo(new[] { onN1!.TaskId }));
        Assert.That(s.Tasks[onN1.TaskId].Failures, Is.EqualTo(0));
        Assert.That(s.Tasks[onN2!.TaskId].Phase, Is.EqualTo(TaskPhase.Leased));
        Assert.That(s.Ready.Values, Does.Contain(onN1.TaskId));
    }

    [Test]
    public void LeaseTask_FromASlotThatStillHoldsALease_ReleasesTheStaleOneFirst()
    {
        var (s, l) = Coordination.Lease(Registered());
        Coordination.Run(s, new LeaseTask("w1", "n1"), out var d);
        Assert.That(d.Events[0], Is.TypeOf<LeaseReleased>());
        Assert.That(((TaskLeased)d.Events[1]).TaskId, Is.EqualTo(l!.TaskId));
        Assert.That(((TaskLeased)d.Events[1]).Attempt, Is.EqualTo(2));
    }

    [Test]
    public void Replay_OfTheSameEvents_RebuildsTheSameState()
    {
        var all = new List<ICoordinatorEvent>();
        var s = Registered();
        void Do(ICoordinatorCommand c) { var d = s.Decide(c); all.AddRange(d.Events); s = s.ApplyAll(d.Events); }
        Do(new StartStudy(Graph.Fingerprint, Graph.Tasks.Count));
        Do(new LeaseTask("w", "n"));
        var leased = all.OfType<TaskLeased>().Last();
        Do(Coordination.Finish(s, leased.TaskId, 1));
        Do(new ConfirmCommit(leased.TaskId, 1));
        Do(new LeaseTask("w", "n"));
        var replayed = Registered().ApplyAll(all);
        Assert.That(replayed.Tasks.Values.Select(t => (t.Spec.TaskId, t.Phase, t.Attempts)), Is.EquivalentTo(s.Tasks.Values.Select(t => (t.Spec.TaskId, t.Phase, t.Attempts))));
        Assert.That(replayed.Ready, Is.EqualTo(s.Ready));
        Assert.That(replayed.Fingerprint, Is.EqualTo(Graph.Fingerprint));
    }

    [Test]
    public void Register_Twice_KeepsTheTasksAsTheyAre()
    {
        var (s, l) = Coordination.Lease(Registered());
        var again = s.Register(Graph.Tasks);
        Assert.That(again.Tasks[l!.TaskId].Phase, Is.EqualTo(TaskPhase.Leased));
        Assert.That(again.Tasks, Has.Count.EqualTo(Graph.Tasks.Count));
    }

    [Test]
    public void Register_KeepsEachTasksCriticalPath()
    {
        var s = Registered();
        var unit = TaskWork.Estimate(TrainingHparams.From(Graph.Tasks[0].Hparams), TaskWork.UnknownModelCost);
        Assert.That(s.Tasks[Graph.Tasks[0].TaskId].CriticalPath, Is.EqualTo(4 * unit), "round 0 → 1 → 2 → round 2's control, one task's work each");
    }
}

public class CoordinatorStateStartTests
{
    private static readonly TaskGraph Graph = Coordination.ImpGraph(1, control: false);

    [Test]
    public void StartStudy_OnAFreshJournal_RecordsTheFingerprint_AndAgainIsANoOp()
    {
        var s = Coordination.Run(CoordinatorState.For(Graph), new StartStudy(Graph.Fingerprint, 2), out var d);
        Assert.That(d.Events, Is.EqualTo(new ICoordinatorEvent[] { new StudyStarted(Graph.Fingerprint, 2) }));
        Assert.That(s.Decide(new StartStudy(Graph.Fingerprint, 2)), Is.EqualTo(Decision.None));
    }

    [Test]
    public void StartStudy_OnAJournalOfAnEarlierRelease_AcceptsItsGraphOrderedFingerprint()
    {
        // A journal started under an earlier release recorded the graph-ordered hash (here a stand-in value).
        var earlier = Coordination.Run(CoordinatorState.For(Graph), new StartStudy("0rdered0000000aa", 2), out _);
        Assert.That(earlier.Decide(new StartStudy(Graph.Fingerprint, 2, Legacy: "0rdered0000000aa")), Is.EqualTo(Decision.None), "the same graph: resumed, nothing journaled");
        Assert.That(earlier.Decide(new StartStudy(Graph.Fingerprint, 2, Legacy: "0ther00000000000")).Refusal, Is.Not.Null);
        Assert.That(StartStudy.Of(Graph), Is.EqualTo(new StartStudy(Graph.Fingerprint, Graph.Tasks.Count, Graph.OrderedFingerprint)));
    }

    [Test]
    public void StartStudy_WithAnotherGraph_IsRefusedNamingBothFingerprints()
    {
        var s = Coordination.Run(CoordinatorState.For(Graph), new StartStudy("aaaa", 7));
        var d = s.Decide(new StartStudy("bbbb", 9));
        Assert.That(d.Events, Is.Empty);
        Assert.That(d.Refusal, Does.Contain("different task graph").And.Contain("aaaa").And.Contain("bbbb").And.Contain("7 tasks"));
    }
}

public class CoordinatorStateRecoveryTests
{
    // imp with 2 rounds and a control: 0 → 1 (+c1) → 2 (+c2).
    private static readonly TaskGraph Graph = Coordination.ImpGraph(2, control: true);

    [Test]
    public void Recover_TaskWithADurableRow_IsCompleted_OthersInFlightAreRequeued()
    {
        var (s, l0) = Coordination.Lease(CoordinatorState.For(Graph));
        s = Coordination.Run(s, Coordination.Finish(s, l0!.TaskId, 1));          // crash: row written, event not journaled
        var rows = new Dictionary<string, string> { [l0.TaskId] = TaskStatuses.Completed };
        s = Coordination.Run(s, new Recover(rows, Coordination.At), out var d);
        Assert.That(d.Events, Is.EqualTo(new ICoordinatorEvent[] { new TaskCompleted(l0.TaskId, 1) }));
        Assert.That(s.Ready.Values.Select(id => s.Tasks[id].Spec.Round), Is.EqualTo(new[] { 1 }), "round 1 is ready at once");

        var (s2, l1) = Coordination.Lease(s);
        s2 = Coordination.Run(s2, new Recover(rows, Coordination.At), out var d2);
        Assert.That(d2.Events, Is.EqualTo(new ICoordinatorEvent[] { new LeaseReleased(l1!.TaskId, 1, "coordinator restarted") }));
        Assert.That(s2.Tasks[l1.TaskId].Phase, Is.EqualTo(TaskPhase.Pending));
    }

    [Test]
    public void Recover_FinalTaskWhoseRowWasLost_DecidesToWriteItAgain()
    {
        var s = CoordinatorState.For(Graph, maxAttempts: 1);
        (s, var l) = Coordination.Lease(s);
        s = Coordination.Run(s, Coordination.Fail(s, l!.TaskId, 1, "boom", true));
        var rows = new Dictionary<string, string> { [l.TaskId] = TaskStatuses.Failed };   // the skipped rows were lost
        var d = s.Decide(new Recover(rows, Coordination.At));
        Assert.That(d.Events, Is.Empty);
        var written = d.Effects.Cast<WriteRow>().Select(w => w.Record).ToList();
        Assert.That(written.Select(r => r.Spec.TaskId), Is.EquivalentTo(Graph.Tasks.Skip(1).Select(t => t.TaskId)));
        Assert.That(written.All(r => r.Status == TaskStatuses.Skipped && r.FinishedAt == Coordination.At && r.Error!.StartsWith("not run: parent task")), Is.True);
    }

    [Test]
    public void Recover_ARowTheJournalNeverHeardOf_IsTheTruth()
    {
        // A journal that lost its tail (or was replaced): the rows decide.
        var s = CoordinatorState.For(Graph);
        var root = Graph.Tasks[0].TaskId;
        s = Coordination.Run(s, new Recover(new Dictionary<string, string> { [root] = TaskStatuses.Failed }, Coordination.At), out var d);
        Assert.That(s.Tasks[root].Phase, Is.EqualTo(TaskPhase.Failed));
        Assert.That(s.IsFinished, Is.True, "everything below a failed root is skipped");
        Assert.That(d.Effects.Cast<WriteRow>().Select(w => w.Record.Spec.TaskId), Is.EquivalentTo(Graph.Tasks.Skip(1).Select(t => t.TaskId)), "the root's row exists; its descendants get theirs");
    }

    [Test]
    public void Snapshot_RestoredOverTheGraph_EqualsTheStateItWasTakenFrom()
    {
        var s = Coordination.Run(CoordinatorState.For(Graph), new StartStudy(Graph.Fingerprint, Graph.Tasks.Count));
        (s, var l0) = Coordination.Lease(s);
        s = Coordination.Complete(s, l0!);
        (s, var l1) = Coordination.Lease(s, "w1");
        s = Coordination.Run(s, Coordination.Fail(s, l1!.TaskId, 1, "flaky", false));
        (s, _) = Coordination.Lease(s, "w2");

        var restored = CoordinatorState.For(Graph).Restore(s.ToSnapshot());
        Assert.That(restored.Tasks.Values.OrderBy(t => t.Order), Is.EqualTo(s.Tasks.Values.OrderBy(t => t.Order)));
        Assert.That(restored.Ready, Is.EqualTo(s.Ready));
        Assert.That(restored.Fingerprint, Is.EqualTo(Graph.Fingerprint));
        Assert.That(s.ToSnapshot().Tasks, Has.Count.EqualTo(2), "only tasks that left their initial state are in the snapshot");
    }
}

public class CoordinatorStateLateReportTests
{
    private static readonly TaskGraph Graph = Coordination.ImpGraph(1, control: false);

    private static CoordinatorState LeasedOnce() => Coordination.Run(CoordinatorState.For(Graph, 2), new LeaseTask("w", "n"));

    [Test]
    public void Fail_ReportedAfterTheSlotStoppedAndItsLeaseWasReleased_StillCountsTheFailure()
    {
        // The slot reports the failure and is restarted by its supervisor; the coordinator may see the
        // slot's Terminated (and release the lease) before the report arrives.
        var s = LeasedOnce();
        var id = Graph.Tasks[0].TaskId;
        s = Coordination.Run(s, new ReleaseLeases("w", null, "slot stopped"));
        s = Coordination.Run(s, Coordination.Fail(s, id, 1, "boom", false), out var d);
        Assert.That(d.Events.Single(), Is.TypeOf<TaskAttemptFailed>());
        Assert.That(s.Tasks[id].Failures, Is.EqualTo(1));
        Assert.That(s.Ready.Values, Does.Contain(id));
    }

    [Test]
    public void Fail_ReportForAnOlderAttempt_IsIgnoredOnceTheTaskWasLeasedAgain()
    {
        var s = LeasedOnce();
        s = Coordination.Run(s, new ReleaseLeases("w", null, "slot stopped"));
        s = Coordination.Run(s, new LeaseTask("w2", "n"));
        Assert.That(s.Decide(Coordination.Fail(s, Graph.Tasks[0].TaskId, 1, "late", false)), Is.EqualTo(Decision.None));
    }

    [Test]
    public void Finish_ReportedAfterTheLeaseWasReleased_IsAcceptedWhenNoNewerAttemptStarted()
    {
        var s = LeasedOnce();
        var id = Graph.Tasks[0].TaskId;
        s = Coordination.Run(s, new ReleaseLeases(null, "n", "node unreachable"));
        s = Coordination.Run(s, Coordination.Finish(s, id, 1));
        Assert.That(s.Tasks[id].Phase, Is.EqualTo(TaskPhase.Committing));
        Assert.That(s.Ready.Values, Does.Not.Contain(id), "a committing task is not leased again");
        s = Coordination.Run(s, new ConfirmCommit(id, 1));
        Assert.That(s.Tasks[id].Phase, Is.EqualTo(TaskPhase.Completed));
    }
}

public class CoordinatorStateNodeFaultTests
{
    private static readonly TaskGraph Graph = Coordination.ImpGraph(1, control: false);

    [Test]
    public void NodeFault_RequeuesWithoutCountingAFailure_AndWritesAFaultRow()
    {
        var (s, l) = Coordination.Lease(CoordinatorState.For(Graph, maxAttempts: 1));
        s = Coordination.Run(s, Coordination.NodeFault(s, l!.TaskId, 1, "CUDA error: device lost", "gpu-node"), out var d);
        Assert.That(d.Events, Is.EqualTo(new ICoordinatorEvent[] { new NodeFaulted(l.TaskId, 1, "gpu-node", "CUDA error: device lost") }));
        var fault = ((WriteFault)d.Effects.Single()).Fault;
        Assert.That((fault.Node, fault.TaskId, fault.Attempt, fault.Excluded), Is.EqualTo(("gpu-node", l.TaskId, 1, false)));
        Assert.That(s.Tasks[l.TaskId].Phase, Is.EqualTo(TaskPhase.Pending));
        Assert.That(s.Tasks[l.TaskId].Failures, Is.EqualTo(0), "even with max-attempts 1 the task is not failed");
        Assert.That(s.Ready.Values, Does.Contain(l.TaskId));
    }

    [Test]
    public void NodeFaults_AtTheLimit_TakeTheNodeOutOfService_OtherNodesStillGetWork()
    {
        var s = CoordinatorState.For(Graph, nodeFaultLimit: 2);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            (s, var l) = Coordination.Lease(s, "w1", "bad");
            s = Coordination.Run(s, Coordination.NodeFault(s, l!.TaskId, attempt, "out of memory", "bad"), out var d);
            Assert.That(d.Events.OfType<NodeExcluded>().Any(), Is.EqualTo(attempt == 2));
        }
        Assert.That(s.ExcludedNodes.Keys, Is.EqualTo(new[] { "bad" }));
        Assert.That(s.ExcludedNodes["bad"], Does.Contain("2 node faults").And.Contain("out of memory"));
        var (s2, none) = Coordination.Lease(s, "w1", "bad");
        Assert.That(none, Is.Null, "an excluded node gets no task");
        var (_, other) = Coordination.Lease(s2, "w2", "good");
        Assert.That(other!.Attempt, Is.EqualTo(3));
        var restored = CoordinatorState.For(Graph, nodeFaultLimit: 2).Restore(s.ToSnapshot());
        Assert.That(restored.ExcludedNodes, Is.EqualTo(s.ExcludedNodes));
        Assert.That(restored.NodeFaults, Is.EqualTo(s.NodeFaults));
    }
}

public class CoordinatorStatePrefetchTests
{
    // After round 1 completes, three tasks are ready: round 1's control, round 2 and (after round 2) its control.
    private static readonly TaskGraph Graph = Coordination.ImpGraph(2, control: true);

    /// <summary>Rounds 0 and 1 done, so round 1's control and round 2 are ready.</summary>
    private static CoordinatorState TwoReady()
    {
        var (s, l0) = Coordination.Lease(CoordinatorState.For(Graph, 3));
        s = Coordination.Complete(s, l0!);
        (s, var l1) = Coordination.Lease(s);
        return Coordination.Complete(s, l1!);
    }

    private static TaskLeased? Leased(Decision d) => d.Events.OfType<TaskLeased>().SingleOrDefault();

    [Test]
    public void Ahead_KeepsTheRunningLease_AndLeasesTheNextToTheSameSlot()
    {
        var (s, running) = Coordination.Lease(TwoReady(), "w1");
        s = Coordination.Run(s, new LeaseTask("w1", "n1", WorkRequestMode.Ahead, running!.TaskId), out var d);
        Assert.That(d.Events.OfType<LeaseReleased>(), Is.Empty, "the running task keeps its lease");
        var ahead = Leased(d);
        Assert.That(ahead, Is.Not.Null);
        Assert.That(ahead!.TaskId, Is.Not.EqualTo(running.TaskId));
        Assert.That(d.Effects, Is.EqualTo(new ICoordinatorEffect[] { new SendTask(ahead.TaskId, 1, "w1") }));
        Assert.That(new[] { s.Tasks[running.TaskId].Lease!.Worker, s.Tasks[ahead.TaskId].Lease!.Worker }, Is.All.EqualTo("w1"));
    }

    [Test]
    public void Ahead_FromASlotThatAlreadyHoldsAQueuedLease_GetsNothing()
    {
        var (s, running) = Coordination.Lease(TwoReady(), "w1");
        s = Coordination.Run(s, new LeaseTask("w1", "n1", WorkRequestMode.Ahead, running!.TaskId));
        s = Coordination.Complete(s, running);
        Assert.That(s.Ready, Is.Not.Empty, "round 2 done: its control is ready");
        Assert.That(s.Decide(new LeaseTask("w1", "n1", WorkRequestMode.Ahead, running.TaskId)), Is.EqualTo(Decision.None),
            "a slot holds one queued lease at most");
    }

    [Test]
    public void Idle_WhileALeaseIsOnItsWayToTheSlot_ReleasesNothingAndLeasesNothing()
    {
        var (s, running) = Coordination.Lease(TwoReady(), "w1");
        s = Coordination.Run(s, new LeaseTask("w1", "n1", WorkRequestMode.Ahead, running!.TaskId), out var d);
        var queued = Leased(d)!;
        s = Coordination.Complete(s, running);
        Assert.That(s.Decide(new LeaseTask("w1", "n1", WorkRequestMode.Idle)), Is.EqualTo(Decision.None));
        Assert.That(s.Tasks[queued.TaskId].Phase, Is.EqualTo(TaskPhase.Leased));
    }

    [Test]
    public void Idle_WithNothingHeld_LeasesLikeFresh()
    {
        var (s, running) = Coordination.Lease(TwoReady(), "w1");
        s = Coordination.Complete(s, running!);
        Coordination.Run(s, new LeaseTask("w1", "n1", WorkRequestMode.Idle), out var idle);
        Coordination.Run(s, new LeaseTask("w1", "n1"), out var fresh);
        Assert.That((idle.Events, idle.Effects), Is.EqualTo((fresh.Events, fresh.Effects)));
        Assert.That(Leased(idle), Is.Not.Null);
    }

    [Test]
    public void Fresh_FromASlotHoldingARunningAndAQueuedLease_ReleasesBoth()
    {
        var (s, running) = Coordination.Lease(TwoReady(), "w1");
        s = Coordination.Run(s, new LeaseTask("w1", "n1", WorkRequestMode.Ahead, running!.TaskId), out var d);
        var queued = Leased(d)!;
        Coordination.Run(s, new LeaseTask("w1", "n1"), out var fresh);
        Assert.That(fresh.Events.OfType<LeaseReleased>().Select(e => e.TaskId), Is.EquivalentTo(new[] { running.TaskId, queued.TaskId }));
    }

    [Test]
    public void ReturnLease_RequeuesTheTask_AndItsNextLeaseReusesTheAttemptThatNeverRan()
    {
        var (s, running) = Coordination.Lease(TwoReady(), "w1");
        s = Coordination.Run(s, new LeaseTask("w1", "n1", WorkRequestMode.Ahead, running!.TaskId), out var d);
        var queued = Leased(d)!;
        s = Coordination.Run(s, new ReturnLease("w1", queued.TaskId, queued.Attempt), out var back);
        Assert.That(back.Events, Is.EqualTo(new ICoordinatorEvent[] { new LeaseReturned(queued.TaskId, 1) }));
        Assert.That(back.Effects, Is.Empty);
        Assert.That(s.Tasks[queued.TaskId].Phase, Is.EqualTo(TaskPhase.Pending));
        Assert.That(s.Ready.Values, Does.Contain(queued.TaskId));
        var (s2, again) = Coordination.Lease(s, "w2");
        Assert.That((again!.TaskId, again.Attempt), Is.EqualTo((queued.TaskId, 1)), "a returned lease is not an attempt");
        Assert.That(s2.Tasks[queued.TaskId].Failures, Is.EqualTo(0));
    }

    [Test]
    public void ReturnLease_FromAnotherSlot_OrForAnotherAttempt_ChangesNothing()
    {
        var (s, running) = Coordination.Lease(TwoReady(), "w1");
        s = Coordination.Run(s, new LeaseTask("w1", "n1", WorkRequestMode.Ahead, running!.TaskId), out var d);
        var queued = Leased(d)!;
        Assert.That(s.Decide(new ReturnLease("w2", queued.TaskId, 1)), Is.EqualTo(Decision.None));
        Assert.That(s.Decide(new ReturnLease("w1", queued.TaskId, 2)), Is.EqualTo(Decision.None));
        var released = Coordination.Run(s, new ReleaseLeases("w1", null, "slot stopped"));
        Assert.That(released.Decide(new ReturnLease("w1", queued.TaskId, 1)), Is.EqualTo(Decision.None), "released meanwhile: it is already queued again");
    }

    [Test]
    public void Replay_OfAReturnedLease_RebuildsTheSameState_AndSoDoesItsSnapshot()
    {
        var (s, running) = Coordination.Lease(TwoReady(), "w1");
        s = Coordination.Run(s, new LeaseTask("w1", "n1", WorkRequestMode.Ahead, running!.TaskId), out var d);
        var queued = Leased(d)!;
        s = Coordination.Run(s, new ReturnLease("w1", queued.TaskId, 1));
        var restored = CoordinatorState.For(Graph, 3).Restore(s.ToSnapshot());
        Assert.That(restored.Tasks[queued.TaskId], Is.EqualTo(s.Tasks[queued.TaskId]));
        Assert.That(restored.Ready, Is.EqualTo(s.Ready));
    }
}
