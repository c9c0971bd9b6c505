using System.Collections.Concurrent;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Cluster.Trainer;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;
using Akka.Actor;
using Akka.TestKit;

namespace ActorSweep.Cluster.Tests.Trainer;

/// <summary>A trainer slot with prefetch on, against a probe in the coordinator's place.</summary>
public class TrainerSlotPrefetchTests : NUnitTestKit
{
    public TrainerSlotPrefetchTests() : base(SweepConfig.ForNode(new[] { Roles.Worker }, "127.0.0.1", 0, Array.Empty<string>())) { }

    private static readonly IReadOnlyList<TaskSpec> Tasks = Studies.Imp(seeds: 2, rounds: 1).Tasks;

    /// <summary>Each task trains until the test opens its gate; <see cref="NodeFaults"/> fail with a node fault instead.</summary>
    private sealed class GatedRunner : ITaskRunner
    {
        private readonly ConcurrentDictionary<string, ManualResetEventSlim> _gates = new();

        public ConcurrentQueue<string> Started { get; } = new();

        public HashSet<string> NodeFaults { get; } = new();

        public void Open(string taskId) => Gate(taskId).Set();

        private ManualResetEventSlim Gate(string taskId) => _gates.GetOrAdd(taskId, _ => new ManualResetEventSlim());

        public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
        {
            Started.Enqueue(task.TaskId);
            Gate(task.TaskId).Wait(cancellation);
            if (NodeFaults.Contains(task.TaskId)) throw new NodeFault("cuda:0: device lost");
            return new TaskResult(1, 1, 1, 0, 0, 0, 0, 0, 0, "cpu", Array.Empty<CurvePoint>());
        }
    }

    private IActorRef StartSlot(TestProbe coordinator, ITaskRunner runner) =>
        Sys.ActorOf(Props.Create(() => new TrainerSlotActor(coordinator.Ref, runner, "n1", "cpu", TimeSpan.FromSeconds(30), TimeProvider.System, null, true)));

    /// <summary>The next message of type <typeparamref name="T"/>, skipping progress reports.</summary>
    private static T Next<T>(TestProbe probe) => probe.FishForMessage<object>(m => m is not ReportProgress, TimeSpan.FromSeconds(5)) switch
    {
        T t => t,
        var other => throw new AssertionException($"expected {typeof(T).Name}, got {other}"),
    };

    [Test]
    public void ATaskAskedAhead_StartsTheMomentTheRunningOneEnds_WithoutAnotherRequest()
    {
        var coordinator = CreateTestProbe();
        var runner = new GatedRunner();
        var slot = StartSlot(coordinator, runner);
        Assert.That(Next<RequestWork>(coordinator).Mode, Is.EqualTo(WorkRequestMode.Fresh));
        coordinator.Reply(new AssignTask(Tasks[0], 1));
        var ahead = Next<RequestWork>(coordinator);
        Assert.That((ahead.Mode, ahead.Running), Is.EqualTo((WorkRequestMode.Ahead, Tasks[0].TaskId)));
        slot.Tell(new AssignTask(Tasks[1], 1, null, Ahead: true), coordinator.Ref);

        runner.Open(Tasks[0].TaskId);
        Assert.That(Next<ReportSuccess>(coordinator).Record.Spec.TaskId, Is.EqualTo(Tasks[0].TaskId));
        var second = Next<RequestWork>(coordinator);
        Assert.That((second.Mode, second.Running), Is.EqualTo((WorkRequestMode.Ahead, Tasks[1].TaskId)), "the queued task started at once and the slot asks ahead again");
        SpinWait.SpinUntil(() => runner.Started.Count == 2, TimeSpan.FromSeconds(5));
        Assert.That(runner.Started, Is.EqualTo(new[] { Tasks[0].TaskId, Tasks[1].TaskId }));
        runner.Open(Tasks[1].TaskId);
        Assert.That(Next<ReportSuccess>(coordinator).Record.Spec.TaskId, Is.EqualTo(Tasks[1].TaskId));
        Assert.That(Next<RequestWork>(coordinator).Mode, Is.EqualTo(WorkRequestMode.Idle), "nothing was queued: it asks as an idle slot");
    }

    [Test]
    public void AQueuedTask_IsGivenBackWhenRevoked_AndARevokeOfTheRunningTaskIsIgnored()
    {
        var coordinator = CreateTestProbe();
        var runner = new GatedRunner();
        var slot = StartSlot(coordinator, runner);
        Next<RequestWork>(coordinator);
        coordinator.Reply(new AssignTask(Tasks[0], 1));
        Next<RequestWork>(coordinator);
        slot.Tell(new AssignTask(Tasks[1], 1, null, Ahead: true), coordinator.Ref);
        slot.Tell(new RevokeTask(Tasks[0].TaskId, 1), coordinator.Ref);   // running: not the slot's to give back
        slot.Tell(new RevokeTask(Tasks[1].TaskId, 1), coordinator.Ref);
        Assert.That(Next<TaskReturned>(coordinator), Is.EqualTo(new TaskReturned(Tasks[1].TaskId, 1)));
        slot.Tell(new AssignTask(Tasks[2], 1, null, Ahead: true), coordinator.Ref);
        slot.Tell(new AssignTask(Tasks[3], 1, null, Ahead: true), coordinator.Ref);
        Assert.That(Next<TaskReturned>(coordinator), Is.EqualTo(new TaskReturned(Tasks[3].TaskId, 1)), "one task queued at most");

        runner.Open(Tasks[0].TaskId);
        Next<ReportSuccess>(coordinator);
        Assert.That(Next<RequestWork>(coordinator).Running, Is.EqualTo(Tasks[2].TaskId));
        Assert.That(runner.Started, Has.No.Member(Tasks[1].TaskId).And.No.Member(Tasks[3].TaskId));
    }

    [Test]
    public void ATaskAskedAheadThatArrivesAfterANodeFault_GoesBackUnstarted_AndTheSlotAsksAfresh()
    {
        var coordinator = CreateTestProbe();
        var runner = new GatedRunner();
        runner.NodeFaults.Add(Tasks[0].TaskId);
        var slot = StartSlot(coordinator, runner);
        Next<RequestWork>(coordinator);
        coordinator.Reply(new AssignTask(Tasks[0], 1));
        Next<RequestWork>(coordinator);                        // asked ahead; the answer is delayed
        runner.Open(Tasks[0].TaskId);
        Assert.That(Next<ReportFailure>(coordinator).Kind, Is.EqualTo(FailureKind.Node));
        Assert.That(Next<RequestWork>(coordinator).Mode, Is.EqualTo(WorkRequestMode.Idle), "a lease on its way stays until it arrives");
        slot.Tell(new AssignTask(Tasks[1], 1, null, Ahead: true), coordinator.Ref);
        Assert.That(Next<TaskReturned>(coordinator), Is.EqualTo(new TaskReturned(Tasks[1].TaskId, 1)));
        Assert.That(Next<RequestWork>(coordinator).Mode, Is.EqualTo(WorkRequestMode.Fresh));
        slot.Tell(new AssignTask(Tasks[2], 1), coordinator.Ref);   // a plain answer to the fresh request runs
        SpinWait.SpinUntil(() => runner.Started.Count == 2, TimeSpan.FromSeconds(5));
        Assert.That(runner.Started, Is.EqualTo(new[] { Tasks[0].TaskId, Tasks[2].TaskId }));
    }
}
