using ActorSweep.Core.Coordination;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Study;

namespace ActorSweep.Core.Tests.Coordination;

public class CoordinatorStateTests
{
    // One imp trial: round 0 → round 1 → round 2, each pruned round with a random-reinit control.
    private static readonly TaskGraph Graph = TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText("""
        name = t
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training { iterations = 10 }
        methods = [ { name = imp, rounds = 2, controls = [random-reinit] } ]
        """, "t.hocon"));

    private static CoordinatorState Run(CoordinatorState s, ICoordinatorCommand c, out IReadOnlyList<ICoordinatorEvent> events)
    {
        events = s.Decide(c);
        return s.ApplyAll(events);
    }

    private static CoordinatorState Registered(int maxAttempts = 3) =>
        Run(CoordinatorState.Empty(maxAttempts), new RegisterTasks(Graph.Tasks), out _);

    private static (CoordinatorState State, TaskLeased? Lease) Lease(CoordinatorState s, string worker = "w1", string node = "n1")
    {
        s = Run(s, new LeaseTask(worker, node), out var events);
        return (s, events.OfType<TaskLeased>().SingleOrDefault());
    }

    private static CoordinatorState Complete(CoordinatorState s, TaskLeased l)
    {
        s = Run(s, new FinishAttempt(l.TaskId, l.Attempt), out _);
        return Run(s, new ConfirmCommit(l.TaskId, l.Attempt), out _);
    }

    [Test]
    public void Lease_BeforeRoundZeroCompletes_HandsOutNothingElse()
    {
        var (s, first) = Lease(Registered());
        Assert.That(first!.TaskId, Is.EqualTo(Graph.Tasks[0].TaskId));
        var (_, second) = Lease(s, "w2");
        Assert.That(second, Is.Null, "round 1 needs round 0's weights");
    }

    [Test]
    public void Complete_Round_MakesTheNextRoundReadyThenItsControl()
    {
        var (s, l0) = Lease(Registered());
        s = Complete(s, l0!);
        var (s2, l1) = Lease(s);
        Assert.That(s2.Tasks[l1!.TaskId].Spec.Round, Is.EqualTo(1));
        s2 = Complete(s2, l1);
        var (s3, a) = Lease(s2, "w1");
        var (s4, b) = Lease(s3, "w2");
        Assert.That(new[] { s4.Tasks[a!.TaskId].Spec, s4.Tasks[b!.TaskId].Spec }.Select(t => (t.Round, t.Branch)),
            Is.EquivalentTo(new[] { (1, Branches.RandomReinit), (2, Branches.Main) }));
    }

    [Test]
    public void Fail_BelowTheAttemptLimit_RequeuesWithTheNextAttemptNumber()
    {
        var (s, l) = Lease(Registered());
        s = Run(s, new FailAttempt(l!.TaskId, 1, "boom", false), out var events);
        Assert.That(events.Single(), Is.TypeOf<TaskAttemptFailed>());
        var (_, again) = Lease(s, "w2");
        Assert.That(again!.TaskId, Is.EqualTo(l.TaskId));
        Assert.That(again.Attempt, Is.EqualTo(2));
    }

    [Test]
    public void Fail_AtTheAttemptLimit_FailsTheTaskAndSkipsEveryDescendant()
    {
        var s = Registered(maxAttempts: 2);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            (s, var l) = Lease(s);
            s = Run(s, new FailAttempt(l!.TaskId, attempt, $"err{attempt}", false), out _);
        }
        var root = s.Tasks[Graph.Tasks[0].TaskId];
        Assert.That(root.Phase, Is.EqualTo(TaskPhase.Failed));
        Assert.That(root.Error, Does.Contain("failed 2 of 2 attempts").And.Contain("err2"));
        Assert.That(s.Tasks.Values.Count(t => t.Phase == TaskPhase.Skipped), Is.EqualTo(Graph.Tasks.Count - 1));
        Assert.That(s.IsFinished, Is.True);
    }

    [Test]
    public void Fail_Deterministic_IsFinalOnTheFirstAttempt()
    {
        var (s, l) = Lease(Registered());
        s = Run(s, new FailAttempt(l!.TaskId, 1, "loss is NaN at iteration 3", true), out _);
        Assert.That(s.Tasks[l.TaskId].Phase, Is.EqualTo(TaskPhase.Failed));
        Assert.That(s.Tasks[l.TaskId].Error, Is.EqualTo("loss is NaN at iteration 3"));
    }

    [Test]
    public void Finish_StaleAttempt_IsIgnored()
    {
        var (s, l) = Lease(Registered());
        s = Run(s, new ReleaseLeases(null, "n1", "node down"), out _);
        var (s2, l2) = Lease(s, "w9", "n2");
        Assert.That(s2.Decide(new FinishAttempt(l!.TaskId, l.Attempt)), Is.Empty, "attempt 1 was taken away");
        Assert.That(s2.Decide(new FinishAttempt(l2!.TaskId, l2.Attempt)), Has.Count.EqualTo(1));
    }

    [Test]
    public void ReleaseLeases_OfADeadNode_RequeuesOnlyItsTasksWithoutCountingAFailure()
    {
        var (s, l0) = Lease(Registered());
        s = Complete(s, l0!);
        (s, var l1) = Lease(s, "a", "n1");
        s = Complete(s, l1!);
        (s, var onN1) = Lease(s, "a", "n1");
        (s, var onN2) = Lease(s, "b", "n2");
        s = Run(s, new ReleaseLeases(null, "n1", "node removed"), out var events);
        Assert.That(events.Cast<LeaseReleased>().Select(e => e.TaskId), Is.EqualTo(new[] { onN1!.TaskId }));
        Assert.That(s.Tasks[onN1.TaskId].Failures, Is.EqualTo(0));
        Assert.That(s.Tasks[onN2!.TaskId].Phase, Is.EqualTo(TaskPhase.Leased));
        Assert.That(s.Ready.Values, Does.Contain(onN1.TaskId));
    }

    [Test]
    public void LeaseTask_FromASlotThatStillHoldsALease_ReleasesTheStaleOneFirst()
    {
        var (s, l) = Lease(Registered());
        s = Run(s, new LeaseTask("w1", "n1"), out var events);
        Assert.That(events[0], Is.TypeOf<LeaseReleased>());
        Assert.That(((TaskLeased)events[1]).TaskId, Is.EqualTo(l!.TaskId));
        Assert.That(((TaskLeased)events[1]).Attempt, Is.EqualTo(2));
    }

    [Test]
    public void Recover_AfterRestart_RequeuesLeasedAndCommittingTasks()
    {
        var (s, l) = Lease(Registered());
        s = Run(s, new FinishAttempt(l!.TaskId, 1), out _);
        s = Run(s, RecoverAfterRestart.Instance, out var events);
        Assert.That(events.Single(), Is.TypeOf<LeaseReleased>());
        Assert.That(s.Tasks[l.TaskId].Phase, Is.EqualTo(TaskPhase.Pending));
    }

    [Test]
    public void Replay_OfTheSameEvents_RebuildsTheSameState()
    {
        var all = new List<ICoordinatorEvent>();
        var s = CoordinatorState.Empty();
        void Do(ICoordinatorCommand c) { var e = s.Decide(c); all.AddRange(e); s = s.ApplyAll(e); }
        Do(new RegisterTasks(Graph.Tasks));
        Do(new LeaseTask("w", "n"));
        var leased = all.OfType<TaskLeased>().Last();
        Do(new FinishAttempt(leased.TaskId, 1));
        Do(new ConfirmCommit(leased.TaskId, 1));
        Do(new LeaseTask("w", "n"));
        var replayed = CoordinatorState.Empty().ApplyAll(all);
        Assert.That(replayed.Tasks.Values.Select(t => (t.Spec.TaskId, t.Phase, t.Attempts)), Is.EquivalentTo(s.Tasks.Values.Select(t => (t.Spec.TaskId, t.Phase, t.Attempts))));
        Assert.That(replayed.Ready, Is.EqualTo(s.Ready));
    }

    [Test]
    public void Register_Twice_IsIgnored()
    {
        var s = Registered();
        Assert.That(s.Decide(new RegisterTasks(Graph.Tasks)), Is.Empty);
    }
}

public class CoordinatorStateLateReportTests
{
    private static readonly TaskGraph Graph = TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText("""
        name = t
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        methods = [ { name = imp, rounds = 1 } ]
        """, "t.hocon"));

    private static CoordinatorState LeasedOnce()
    {
        var s = CoordinatorState.Empty(2);
        s = s.ApplyAll(s.Decide(new RegisterTasks(Graph.Tasks)));
        return s.ApplyAll(s.Decide(new LeaseTask("w", "n")));
    }

    [Test]
    public void Fail_ReportedAfterTheSlotStoppedAndItsLeaseWasReleased_StillCountsTheFailure()
    {
        // The slot reports the failure and is restarted by its supervisor; the coordinator may see the
        // slot's Terminated (and release the lease) before the report arrives.
        var s = LeasedOnce();
        var id = Graph.Tasks[0].TaskId;
        s = s.ApplyAll(s.Decide(new ReleaseLeases("w", null, "slot stopped")));
        var events = s.Decide(new FailAttempt(id, 1, "boom", false));
        Assert.That(events.Single(), Is.TypeOf<TaskAttemptFailed>());
        s = s.ApplyAll(events);
        Assert.That(s.Tasks[id].Failures, Is.EqualTo(1));
        Assert.That(s.Ready.Values, Does.Contain(id));
    }

    [Test]
    public void Fail_ReportForAnOlderAttempt_IsIgnoredOnceTheTaskWasLeasedAgain()
    {
        var s = LeasedOnce();
        s = s.ApplyAll(s.Decide(new ReleaseLeases("w", null, "slot stopped")));
        s = s.ApplyAll(s.Decide(new LeaseTask("w2", "n")));
        Assert.That(s.Decide(new FailAttempt(Graph.Tasks[0].TaskId, 1, "late", false)), Is.Empty);
    }

    [Test]
    public void Finish_ReportedAfterTheLeaseWasReleased_IsAcceptedWhenNoNewerAttemptStarted()
    {
        var s = LeasedOnce();
        var id = Graph.Tasks[0].TaskId;
        s = s.ApplyAll(s.Decide(new ReleaseLeases(null, "n", "node unreachable")));
        s = s.ApplyAll(s.Decide(new FinishAttempt(id, 1)));
        Assert.That(s.Tasks[id].Phase, Is.EqualTo(TaskPhase.Committing));
        Assert.That(s.Ready.Values, Does.Not.Contain(id), "a committing task is not leased again");
        s = s.ApplyAll(s.Decide(new ConfirmCommit(id, 1)));
        Assert.That(s.Tasks[id].Phase, Is.EqualTo(TaskPhase.Completed));
    }
}
