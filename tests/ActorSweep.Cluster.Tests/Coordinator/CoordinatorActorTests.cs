using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Coordination;
using Akka.Actor;
using Akka.Configuration;

namespace ActorSweep.Cluster.Tests.Coordinator;

public class CoordinatorActorTests : NUnitTestKit
{
    public CoordinatorActorTests() : base(SweepConfig.ForNode(new[] { Roles.Coordinator }, "127.0.0.1", 0, Array.Empty<string>())) { }

    private IActorRef StartCoordinator(TaskGraph graph, InMemoryResultStore store, TimeSpan? workRequestInterval = null)
    {
        var settings = SweepSettings.From(Sys.Settings.Config);
        if (workRequestInterval is { } interval) settings = settings with { WorkRequestInterval = interval };
        var monitor = Sys.ActorOf(StudyMonitorActor.Props(graph.Study, Core.Coordination.CoordinatorState.For(graph)), "monitor");
        return Sys.ActorOf(CoordinatorActor.Props(graph, store, $"coordinator-{graph.Study}", settings, TimeProvider.System, monitor), "coordinator");
    }

    private static TaskRecord Completed(AssignTask a) =>
        new(a.Spec, TaskStatuses.Completed, null, a.Attempt, "n1", DateTime.UtcNow, DateTime.UtcNow,
            new TaskResult(1, 1, 1, 0, 0, 0, 0, 0, 0, "cpu", Array.Empty<CurvePoint>()));

    [Test]
    public void SlotThatStops_HasItsTaskLeasedToTheNextSlotWithTheNextAttempt()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var coordinator = StartCoordinator(graph, new InMemoryResultStore());
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, first.Ref);
        var lease = first.ExpectMsg<AssignTask>();
        Assert.That(lease.Attempt, Is.EqualTo(1));
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, second.Ref);
        var other = second.ExpectMsg<AssignTask>();   // the dense trial's round 0 is independent
        Assert.That(other.Spec.TaskId, Is.Not.EqualTo(lease.Spec.TaskId));

        Sys.Stop(first.Ref);
        coordinator.Tell(new ReportSuccess(Completed(other)), second.Ref);
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, second.Ref);
        var retried = second.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That(retried.Spec.TaskId, Is.EqualTo(lease.Spec.TaskId));
        Assert.That(retried.Attempt, Is.EqualTo(2));
    }

    [Test]
    public void AFreshReAskThatCrossesATaskOnItsWay_LeavesItsLeaseInPlace()
    {
        // CI saw a task run three times under max-attempts = 2: a slot's periodic re-ask, sent before the task the
        // coordinator had just leased to it arrived, released that lease; the slot ran it anyway, and its failure
        // was reported for an attempt no longer the latest, so it went uncounted.
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var store = new InMemoryResultStore();
        var coordinator = StartCoordinator(graph, store);
        var slot = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        var lease = slot.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);    // the re-ask, sent before the assignment arrived
        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(300));     // before the fix: the same task again, attempt 2
        coordinator.Tell(new ReportSuccess(Completed(lease)), slot.Ref);
        var next = slot.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));   // the waiting re-ask is served once the slot is free
        Assert.That((next.Spec.TaskId, next.Attempt), Is.Not.EqualTo((lease.Spec.TaskId, 2)));
        Assert.That(next.Attempt, Is.EqualTo(1));
        SpinWait.SpinUntil(() => store.Records.Count > 0, TimeSpan.FromSeconds(5));
        Assert.That(store.Records.Single().Attempt, Is.EqualTo(1), "the first lease's result counted, not a stale one");
    }

    [Test]
    public void ARetryableFailure_DropsTheSlotsAskAhead_SoNoTaskIsLeasedToTheIncarnationThatIsRestarting()
    {
        // CI saw "failed 2 of 2 attempts" recorded at attempt 3: the slot's ask-ahead leased the retry to the slot
        // that was restarting, and the next incarnation's fresh ask released that lease unrun.
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var coordinator = StartCoordinator(graph, new InMemoryResultStore());
        var slot = CreateTestProbe();
        var other = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        var running = slot.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, other.Ref);
        other.ExpectMsg<AssignTask>();                       // the other ready task: nothing is ready now
        coordinator.Tell(new RequestWork("n1", WorkRequestMode.Ahead, running.Spec.TaskId) { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(200));   // the ask-ahead waits
        coordinator.Tell(new ReportFailure(new TaskRecord(running.Spec, TaskStatuses.Failed, "boom", running.Attempt, "n1", DateTime.UtcNow, DateTime.UtcNow, null),
            FailureKind.Retryable), slot.Ref);
        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(300));   // before the fix: the retry, leased ahead to the slot that is restarting
        var fresh = CreateTestProbe();                       // the restarted slot asks afresh and gets the retry
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, fresh.Ref);
        var next = fresh.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That(next.Spec.TaskId, Is.EqualTo(running.Spec.TaskId));
        Assert.That(next.Attempt, Is.EqualTo(2), "no attempt was spent on a lease that never ran");
    }

    [Test]
    public void AFreshReAskLongAfterATaskWasSent_ReleasesIt_AsALostAssignment()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var coordinator = StartCoordinator(graph, new InMemoryResultStore(), workRequestInterval: TimeSpan.FromMilliseconds(200));
        var slot = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        var lost = slot.ExpectMsg<AssignTask>();
        Thread.Sleep(400);
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        var again = slot.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That((again.Spec.TaskId, again.Attempt), Is.EqualTo((lost.Spec.TaskId, 2)));
    }

    [Test]
    public void RequestWithNothingReady_IsAnsweredWhenTheParentsResultIsDurable()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var store = new InMemoryResultStore();
        var coordinator = StartCoordinator(graph, store);
        var slot = CreateTestProbe();
        var idle = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        var root = slot.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, idle.Ref);
        var dense = idle.ExpectMsg<AssignTask>();
        coordinator.Tell(new ReportSuccess(Completed(dense)), idle.Ref);
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, idle.Ref);    // nothing ready: the request is held
        idle.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        coordinator.Tell(new ReportSuccess(Completed(root)), slot.Ref);
        var next = idle.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That(next.Spec.ParentTaskId, Is.EqualTo(root.Spec.TaskId));
        Assert.That(store.Records.Select(r => r.Spec.TaskId), Does.Contain(root.Spec.TaskId), "the parent's row was durable before its child was leased");
        Assert.That(dense.Spec.Method, Is.EqualTo("dense"));
    }

    [Test]
    public void NodeFaults_DoNotCountAgainstTheTask_AndTakeTheNodeOutOfServiceAfterThree()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var store = new InMemoryResultStore();
        var coordinator = StartCoordinator(graph, store);
        var faulty = CreateTestProbe();
        var root = graph.Tasks[0].TaskId;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            coordinator.Tell(new RequestWork("bad-node") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, faulty.Ref);
            var a = faulty.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
            Assert.That((a.Spec.TaskId, a.Attempt), Is.EqualTo((root, attempt)), "the same task comes back: a node fault is not its failure");
            coordinator.Tell(new ReportFailure(new TaskRecord(a.Spec, TaskStatuses.Failed, "cuda:0: CUDA error: device lost", a.Attempt, "bad-node", DateTime.UtcNow, DateTime.UtcNow, null), FailureKind.Node), faulty.Ref);
        }
        coordinator.Tell(new RequestWork("bad-node") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, faulty.Ref);
        faulty.ExpectNoMsg(TimeSpan.FromMilliseconds(500));   // out of service: nothing more for it
        var healthy = CreateTestProbe();
        coordinator.Tell(new RequestWork("good-node") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, healthy.Ref);
        var moved = healthy.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That((moved.Spec.TaskId, moved.Attempt), Is.EqualTo((root, 4)));
        coordinator.Tell(new ReportSuccess(Completed(moved) with { Node = "good-node" }), healthy.Ref);

        AwaitAssert(() => Assert.That(store.Faults.Count, Is.EqualTo(3)), TimeSpan.FromSeconds(5));
        Assert.That(store.Faults.Select(f => f.Excluded), Is.EqualTo(new[] { false, false, true }));
        var status = coordinator.Ask<StudyStatus>(GetStatus.Instance, TimeSpan.FromSeconds(5)).Result;
        Assert.That(status.ExcludedNodes.Keys, Is.EqualTo(new[] { "bad-node" }));
        Assert.That(status.RecentFailures, Has.Some.Contains("node bad-node taken out of service"));
        AwaitAssert(() => Assert.That(store.Records.Single(r => r.Spec.TaskId == root).Status, Is.EqualTo(TaskStatuses.Completed)), TimeSpan.FromSeconds(5));
    }

    [Test]
    public void Status_ListsEverySlotIdleOrBusy_AndTheFailedAndSkippedTasksWithTheirReasons()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var coordinator = StartCoordinator(graph, new InMemoryResultStore());
        var busy = CreateTestProbe();
        var other = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, busy.Ref);
        var root = busy.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n2") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, other.Ref);
        var dense = other.ExpectMsg<AssignTask>();
        coordinator.Tell(new ReportSuccess(Completed(dense)), other.Ref);
        coordinator.Tell(new RequestWork("n2") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, other.Ref);   // nothing ready: idle, waiting

        coordinator.Tell(new ReportFailure(new TaskRecord(root.Spec, TaskStatuses.Failed, "loss is NaN at iteration 7", root.Attempt, "n1", DateTime.UtcNow, DateTime.UtcNow, null),
            FailureKind.Deterministic), busy.Ref);
        var status = StatusWhen(coordinator, s => s.Problems.Any(p => p.Phase == Core.Coordination.TaskPhase.Skipped));
        Assert.That(status.Slots.Select(s => (s.Worker, s.Node)), Is.EquivalentTo(new[] { (busy.Ref.Path.ToString(), "n1"), (other.Ref.Path.ToString(), "n2") }));
        var failed = status.Problems.Single(p => p.Phase == Core.Coordination.TaskPhase.Failed);
        Assert.That((failed.Spec.TaskId, failed.Error), Is.EqualTo((root.Spec.TaskId, "loss is NaN at iteration 7")));
        Assert.That(status.Problems.Where(p => p.Phase == Core.Coordination.TaskPhase.Skipped).Select(p => p.Error), Has.All.Contains($"task {root.Spec.TaskId} failed"));

        Sys.Stop(busy.Ref);
        status = StatusWhen(coordinator, s => s.Slots.Count == 1);
        Assert.That(status.Slots.Select(s => s.Node), Is.EqualTo(new[] { "n2" }));
    }

    [Test]
    public void RequestAhead_LeasesTheNextTaskQueued_AndAnIdleRequestWhileItIsOnItsWayGetsNothingMore()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var coordinator = StartCoordinator(graph, new InMemoryResultStore());
        var slot = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        var running = slot.ExpectMsg<AssignTask>();
        Assert.That(running.Ahead, Is.False);
        coordinator.Tell(new RequestWork("n1", Core.Coordination.WorkRequestMode.Ahead, running.Spec.TaskId) { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        var queued = slot.ExpectMsg<AssignTask>();
        Assert.That((queued.Ahead, queued.Attempt), Is.EqualTo((true, 1)));
        Assert.That(queued.Spec.TaskId, Is.Not.EqualTo(running.Spec.TaskId));

        var status = StatusWhen(coordinator, s => s.Queued.Count == 1);
        Assert.That(status.Queued.Select(q => q.Spec.TaskId), Is.EqualTo(new[] { queued.Spec.TaskId }));
        Assert.That(status.Running.Select(r => r.Spec.TaskId), Is.EqualTo(new[] { running.Spec.TaskId }), "a queued task is not running");
        Assert.That(status.RunningCount, Is.EqualTo(1));

        coordinator.Tell(new ReportSuccess(Completed(running)), slot.Ref);
        coordinator.Tell(new RequestWork("n1", Core.Coordination.WorkRequestMode.Idle) { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, slot.Ref);
        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(300));   // it starts the queued task; nothing is released or added
        status = StatusWhen(coordinator, s => s.Queued.Count == 0);
        Assert.That(status.Queued, Is.Empty, "the idle request says the queued task has started");
        Assert.That(status.Counts.GetValueOrDefault(Core.Coordination.TaskPhase.Leased), Is.EqualTo(1));
    }

    [Test]
    public void QueuedLease_IsRevokedWhenAnotherSlotIdles_AndTheIdleSlotGetsItAsTheSameAttempt()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var coordinator = StartCoordinator(graph, new InMemoryResultStore());
        var busy = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, busy.Ref);
        var running = busy.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n1", Core.Coordination.WorkRequestMode.Ahead, running.Spec.TaskId) { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, busy.Ref);
        var queued = busy.ExpectMsg<AssignTask>();

        var idle = CreateTestProbe();
        coordinator.Tell(new RequestWork("n2") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, idle.Ref);   // nothing else is ready
        var revoke = busy.ExpectMsg<RevokeTask>(TimeSpan.FromSeconds(5));
        Assert.That((revoke.TaskId, revoke.Attempt), Is.EqualTo((queued.Spec.TaskId, queued.Attempt)));
        idle.ExpectNoMsg(TimeSpan.FromMilliseconds(200));     // not before the busy slot gave it back
        coordinator.Tell(new TaskReturned(revoke.TaskId, revoke.Attempt), busy.Ref);
        var moved = idle.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That((moved.Spec.TaskId, moved.Attempt, moved.Ahead), Is.EqualTo((queued.Spec.TaskId, 1, false)), "a returned lease never ran: it is not an attempt");
        var status = StatusWhen(coordinator, s => s.Queued.Count == 0 && s.Running.Count == 2);
        Assert.That(status.Running.Select(r => (r.Spec.TaskId, r.Worker)), Is.EquivalentTo(new[]
        {
            (running.Spec.TaskId, busy.Ref.Path.ToString()), (queued.Spec.TaskId, idle.Ref.Path.ToString()),
        }));
        Assert.That(status.Problems, Is.Empty);
    }

    [Test]
    public void QueuedLeaseOfMoreWork_IsRevokedForAnIdleSlot_RatherThanStartingALesserReadyTask()
    {
        var graph = Studies.Imp(seeds: 2, rounds: 2);   // ready at first: two IMP chains, then two dense runs
        var coordinator = StartCoordinator(graph, new InMemoryResultStore());
        var busy = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, busy.Ref);
        var running = busy.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n1", Core.Coordination.WorkRequestMode.Ahead, running.Spec.TaskId) { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, busy.Ref);
        var queued = busy.ExpectMsg<AssignTask>();
        Assert.That((running.Spec.Method, queued.Spec.Method), Is.EqualTo(("imp", "imp")), "both chains lead the queue");

        var idle = CreateTestProbe();
        coordinator.Tell(new RequestWork("n2") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, idle.Ref);   // a dense run is ready, but the queued chain is longer
        var revoke = busy.ExpectMsg<RevokeTask>(TimeSpan.FromSeconds(5));
        Assert.That(revoke.TaskId, Is.EqualTo(queued.Spec.TaskId));
        idle.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        coordinator.Tell(new TaskReturned(revoke.TaskId, revoke.Attempt), busy.Ref);
        var moved = idle.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That((moved.Spec.TaskId, moved.Attempt), Is.EqualTo((queued.Spec.TaskId, 1)), "the idle slot starts the longer chain, not the dense run");
        var status = StatusWhen(coordinator, s => s.Queued.Count == 0 && s.Running.Count == 2);
        Assert.That(status.Running.Select(r => r.Spec.Method), Is.EqualTo(new[] { "imp", "imp" }));
    }

    [Test]
    public void QueuedLeaseOfEqualWork_StaysQueued_AndTheIdleSlotTakesTheReadyTask()
    {
        var graph = Studies.Imp(seeds: 2, rounds: 2);
        var coordinator = StartCoordinator(graph, new InMemoryResultStore());
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, first.Ref);
        var running = first.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, second.Ref);
        second.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n1", Core.Coordination.WorkRequestMode.Ahead, running.Spec.TaskId) { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, first.Ref);
        var queued = first.ExpectMsg<AssignTask>();
        Assert.That(queued.Spec.Method, Is.EqualTo("dense"));

        var idle = CreateTestProbe();
        coordinator.Tell(new RequestWork("n2") { ResultsVersion = global::ActorSweep.Core.Study.ResultsVersion.Current }, idle.Ref);   // the other dense run: as much work as the queued one
        var other = idle.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That((other.Spec.Method, other.Spec.TaskId == queued.Spec.TaskId), Is.EqualTo(("dense", false)));
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(200));   // no RevokeTask: equal work never moves a lease
    }

    /// <summary>Polls the status until <paramref name="condition"/> holds (5 s at most); NUnit 4 would record every failed try of an AwaitAssert.</summary>
    private static StudyStatus StatusWhen(IActorRef coordinator, Func<StudyStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var status = coordinator.Ask<StudyStatus>(GetStatus.Instance, TimeSpan.FromSeconds(5)).Result;
            if (condition(status) || DateTime.UtcNow > deadline) return status;
            Thread.Sleep(50);
        }
    }
}

public class ResultsVersionHandshakeTests : NUnitTestKit
{
    public ResultsVersionHandshakeTests() : base(SweepConfig.ForNode(new[] { Roles.Coordinator }, "127.0.0.1", 0, Array.Empty<string>())) { }

    [Test]
    public void ASlotOfABuildWithAnotherResultsVersion_IsRefusedInOneLineNamingBoth_AndGetsNoTask()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var settings = SweepSettings.From(Sys.Settings.Config);
        var monitor = Sys.ActorOf(StudyMonitorActor.Props(graph.Study, CoordinatorState.For(graph)), "monitor");
        var coordinator = Sys.ActorOf(CoordinatorActor.Props(graph, new InMemoryResultStore(), "coordinator-handshake", settings, TimeProvider.System, monitor), "coordinator");
        var upgraded = CreateTestProbe();
        var current = Core.Study.ResultsVersion.Current;
        coordinator.Tell(new RequestWork("akka.tcp://actorsweep@10.0.0.9:4053") { ResultsVersion = current + 1 }, upgraded.Ref);
        var refused = upgraded.ExpectMsg<WorkRefused>();
        Assert.That(refused.Reason, Does.Contain($"results version {current + 1}").And.Contain($"results version {current}").And.Contain("10.0.0.9"));
        Assert.That(refused.Reason, Does.Not.Contain("\n"));
        upgraded.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        var same = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1") { ResultsVersion = current }, same.Ref);
        Assert.That(same.ExpectMsg<AssignTask>().Attempt, Is.EqualTo(1), "a slot of the same build is served");
    }
}
