using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Tasks;
using Akka.Actor;
using Akka.Configuration;

namespace ActorSweep.Cluster.Tests.Coordinator;

public class CoordinatorActorTests : NUnitTestKit
{
    public CoordinatorActorTests() : base(SweepConfig.ForNode(new[] { Roles.Coordinator }, "127.0.0.1", 0, Array.Empty<string>())) { }

    private IActorRef StartCoordinator(TaskGraph graph, InMemoryResultStore store) =>
        Sys.ActorOf(CoordinatorActor.Props(graph, store, $"coordinator-{graph.Study}", SweepSettings.From(Sys.Settings.Config), TimeProvider.System), "coordinator");

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
        coordinator.Tell(new RequestWork("n1"), first.Ref);
        var lease = first.ExpectMsg<AssignTask>();
        Assert.That(lease.Attempt, Is.EqualTo(1));
        coordinator.Tell(new RequestWork("n1"), second.Ref);
        var other = second.ExpectMsg<AssignTask>();   // the dense trial's round 0 is independent
        Assert.That(other.Spec.TaskId, Is.Not.EqualTo(lease.Spec.TaskId));

        Sys.Stop(first.Ref);
        coordinator.Tell(new ReportSuccess(Completed(other)), second.Ref);
        coordinator.Tell(new RequestWork("n1"), second.Ref);
        var retried = second.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That(retried.Spec.TaskId, Is.EqualTo(lease.Spec.TaskId));
        Assert.That(retried.Attempt, Is.EqualTo(2));
    }

    [Test]
    public void RequestWithNothingReady_IsAnsweredWhenTheParentsResultIsDurable()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var store = new InMemoryResultStore();
        var coordinator = StartCoordinator(graph, store);
        var slot = CreateTestProbe();
        var idle = CreateTestProbe();
        coordinator.Tell(new RequestWork("n1"), slot.Ref);
        var root = slot.ExpectMsg<AssignTask>();
        coordinator.Tell(new RequestWork("n1"), idle.Ref);
        var dense = idle.ExpectMsg<AssignTask>();
        coordinator.Tell(new ReportSuccess(Completed(dense)), idle.Ref);
        coordinator.Tell(new RequestWork("n1"), idle.Ref);    // nothing ready: the request is held
        idle.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        coordinator.Tell(new ReportSuccess(Completed(root)), slot.Ref);
        var next = idle.ExpectMsg<AssignTask>(TimeSpan.FromSeconds(5));
        Assert.That(next.Spec.ParentTaskId, Is.EqualTo(root.Spec.TaskId));
        Assert.That(store.Records.Select(r => r.Spec.TaskId), Does.Contain(root.Spec.TaskId), "the parent's row was durable before its child was leased");
        Assert.That(dense.Spec.Method, Is.EqualTo("dense"));
    }
}
