using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Hosting;

[NonParallelizable]
public class SweepNodeTests
{
    private static async Task<(InMemoryResultStore Store, ActorSweep.Cluster.Protocol.StudyStatus Status)> RunEmbedded(TaskGraph graph, ITaskRunner runner, int slots, string? extraConfig = null)
    {
        var store = new InMemoryResultStore();
        string? configFile = null;
        if (extraConfig is not null) { configFile = Path.GetTempFileName(); File.WriteAllText(configFile, extraConfig); }
        await using var node = SweepNode.Start(new NodeOptions(ConfigFile: configFile), new CoordinatorRole(graph, store),
            new WorkerRole(_ => runner, Enumerable.Repeat("cpu", slots).ToArray()), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var status = await node.WaitUntilDoneAsync(timeout.Token);
        return (store, status);
    }

    [Test]
    public async Task Run_EmbeddedNode_WritesExactlyOneCompletedRecordPerTask()
    {
        var graph = Studies.Imp(seeds: 3, rounds: 3);
        var (store, status) = await RunEmbedded(graph, new FakeRunner(), slots: 2);
        Assert.That(status.Done, Is.True);
        Assert.That(status.Counts[TaskPhase.Completed], Is.EqualTo(graph.Tasks.Count));
        Assert.That(store.Records.Select(r => r.Spec.TaskId), Is.EquivalentTo(graph.Tasks.Select(t => t.TaskId)));
        Assert.That(store.Records.All(r => r.Status == TaskStatuses.Completed && r.Attempt == 1 && r.Node.StartsWith("akka.tcp://actorsweep@127.0.0.1:")), Is.True);
        Assert.That(store.Batches, Is.LessThanOrEqualTo(graph.Tasks.Count), "a batch holds one record or more (group commit: ResultSinkTests)");
    }

    [Test]
    public async Task Run_ParentsAlwaysCompleteBeforeTheirChildrenStart()
    {
        var graph = Studies.Imp(seeds: 2, rounds: 3);
        var (store, _) = await RunEmbedded(graph, new FakeRunner(), slots: 2);
        var byId = store.Records.ToDictionary(r => r.Spec.TaskId);
        foreach (var r in store.Records.Where(r => r.Spec.ParentTaskId is not null))
            Assert.That(byId[r.Spec.ParentTaskId!].FinishedAt, Is.LessThanOrEqualTo(r.StartedAt));
    }

    [Test]
    public async Task Run_TrainerThatThrowsOnce_IsRestartedAndTheTaskSucceedsOnTheSecondAttempt()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 2);
        var runner = new FakeRunner { FailuresBeforeSuccess = t => t.Round == 1 && t.Branch == Branches.Main ? 1 : 0 };
        var (store, status) = await RunEmbedded(graph, runner, slots: 1, "akka.loglevel = INFO\nakka.stdout-loglevel = INFO\n");
        var round1 = store.Records.Single(r => r.Spec.Round == 1 && r.Spec.Branch == Branches.Main);
        Assert.That(round1.Status, Is.EqualTo(TaskStatuses.Completed));
        Assert.That(round1.Attempt, Is.EqualTo(2));
        Assert.That(runner.CallsOf(round1.Spec.TaskId), Is.EqualTo(2));
        Assert.That(status.Counts[TaskPhase.Completed], Is.EqualTo(graph.Tasks.Count));
        Assert.That(status.RecentFailures.Single(), Does.Contain("injected failure 1"));
    }

    [Test]
    public async Task Run_TrainerThatAlwaysThrows_RecordsFailedAfterMaxAttemptsAndSkipsDescendants()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 3);
        var runner = new FakeRunner { FailuresBeforeSuccess = t => t.Round == 1 && t.Branch == Branches.Main ? int.MaxValue : 0 };
        var (store, status) = await RunEmbedded(graph, runner, slots: 1, "actorsweep.max-attempts = 2\nactorsweep.slot-backoff-min = 50ms\n");
        var failed = store.Records.Single(r => r.Status == TaskStatuses.Failed);
        Assert.That(failed.Spec.Round, Is.EqualTo(1));
        Assert.That(failed.Attempt, Is.EqualTo(2));
        Assert.That(failed.Error, Does.Contain("failed 2 of 2 attempts").And.Contain("injected failure 2"));
        // rounds 2, 3 and the controls of rounds 1–3 depend on round 1
        Assert.That(store.Records.Count(r => r.Status == TaskStatuses.Skipped), Is.EqualTo(5));
        Assert.That(store.Records.Count(r => r.Status == TaskStatuses.Completed), Is.EqualTo(2), "imp round 0 and dense");
        Assert.That(store.Records.Select(r => r.Spec.TaskId).Distinct().Count(), Is.EqualTo(graph.Tasks.Count));
        Assert.That(status.Done, Is.True);
    }

    [Test]
    public async Task Run_DeterministicFailure_IsRecordedAtOnceWithoutRetry()
    {
        var graph = Studies.Imp(seeds: 1, rounds: 1);
        var runner = new FakeRunner { Deterministic = t => t.Method == "dense" };
        var (store, _) = await RunEmbedded(graph, runner, slots: 1);
        var dense = store.Records.Single(r => r.Spec.Method == "dense");
        Assert.That(dense.Status, Is.EqualTo(TaskStatuses.Failed));
        Assert.That(dense.Attempt, Is.EqualTo(1));
        Assert.That(dense.Error, Does.StartWith("loss is NaN"));
        Assert.That(runner.CallsOf(dense.Spec.TaskId), Is.EqualTo(1));
    }
}
