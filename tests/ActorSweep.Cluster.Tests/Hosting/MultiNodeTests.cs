using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Hosting;

/// <summary>Several nodes (ActorSystems on loopback ports) forming one cluster.</summary>
[NonParallelizable]
public class MultiNodeTests
{
    private static string ConfigFile(string text)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public async Task WorkerNodeThatDies_HasItsLeasesRunOnAnotherNode_AndEveryTaskEndsWithOneRecord()
    {
        var graph = Studies.Imp(seeds: 3, rounds: 2, name: "multi");
        var store = new InMemoryResultStore();
        await using var coordinator = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, store), null, TimeProvider.System);
        var seeds = new[] { coordinator.Address };

        // The doomed node crashes rather than leaving: Terminate() skips the graceful leave.
        var doomedRunner = new FakeRunner { Duration = TimeSpan.FromSeconds(30) };
        var doomed = SweepNode.Start(new NodeOptions(Seeds: seeds, ConfigFile: ConfigFile("akka.coordinated-shutdown.run-by-actor-system-terminate = off")),
            null, new WorkerRole(_ => doomedRunner, new[] { "cpu", "cpu" }), TimeProvider.System);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (doomedRunner.CallsOf(graph.Tasks[0].TaskId) == 0 && doomedRunner.Calls == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.That(doomedRunner.Calls, Is.GreaterThan(0), "the doomed node got work before it died");
        var held = (await coordinator.StatusAsync(TimeSpan.FromSeconds(5))).Running.Select(r => r.Spec.TaskId).ToList();
        Assert.That(held, Is.Not.Empty);
        await doomed.System.Terminate();

        var survivor = new FakeRunner();
        await using var worker = SweepNode.Start(new NodeOptions(Seeds: seeds), null, new WorkerRole(_ => survivor, new[] { "cpu", "cpu" }), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var status = await coordinator.WaitUntilDoneAsync(timeout.Token);

        Assert.That(status.Counts[TaskPhase.Completed], Is.EqualTo(graph.Tasks.Count));
        Assert.That(store.Records.Select(r => r.Spec.TaskId), Is.EquivalentTo(graph.Tasks.Select(t => t.TaskId)), "one record per task");
        Assert.That(survivor.Ran, Is.SupersetOf(held), "the dead node's tasks ran on the survivor");
        Assert.That(store.Records.Where(r => held.Contains(r.Spec.TaskId)).All(r => r.Attempt == 2 && r.Node == worker.Address), Is.True);
    }

    [Test]
    public async Task AWorkerNodeThatFaults_IsTakenOutOfService_ItsFaultsAreNotChargedToTasks_AndHealthyNodesFinishTheStudy()
    {
        var graph = Studies.Imp(seeds: 3, rounds: 1, name: "faulty");
        var store = new InMemoryResultStore();
        await using var coordinator = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, store), null, TimeProvider.System);
        var seeds = new[] { coordinator.Address };
        // A node whose device is gone: every task it is given fails with a node fault.
        var broken = new FakeRunner { NodeFaultMessage = "cuda:0: CUDA error: device-side assert triggered (injected)" };
        await using var faulty = SweepNode.Start(new NodeOptions(Seeds: seeds), null, new WorkerRole(_ => broken, new[] { "cpu" }), TimeProvider.System);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await coordinator.StatusAsync(TimeSpan.FromSeconds(5))).ExcludedNodes.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        var excluded = (await coordinator.StatusAsync(TimeSpan.FromSeconds(5))).ExcludedNodes;
        Assert.That(excluded.Keys, Is.EqualTo(new[] { faulty.Address }), "after 3 faults the node is out of service");

        var healthy = new FakeRunner();
        await using var worker = SweepNode.Start(new NodeOptions(Seeds: seeds), null, new WorkerRole(_ => healthy, new[] { "cpu", "cpu" }), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var status = await coordinator.WaitUntilDoneAsync(timeout.Token);

        Assert.That(status.Counts[TaskPhase.Completed], Is.EqualTo(graph.Tasks.Count), "max-attempts is 3, yet no task failed: the node's faults were not the tasks'");
        Assert.That(broken.Calls, Is.EqualTo(3), "the faulty node got no more work after its third fault");
        Assert.That(store.Faults.Select(f => f.Node), Is.All.EqualTo(faulty.Address));
        Assert.That(store.Faults.Count(f => f.Excluded), Is.EqualTo(1));
        Assert.That(store.Records.All(r => r.Node == worker.Address), Is.True, "every row came from the healthy node");
        Assert.That(status.ExcludedNodes.Keys, Is.EqualTo(new[] { faulty.Address }));
    }
}
