using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Tests.Support;

namespace ActorSweep.Cluster.Tests.Coordinator;

/// <summary>A journal write that fails ends the coordinator with a clear error instead of a study that hangs.</summary>
[NonParallelizable]
public class JournalFailureTests
{
    private static string FailingJournalConfig()
    {
        var config = Path.GetTempFileName();
        File.WriteAllText(config, """
            akka.persistence.journal.plugin = "akka.persistence.journal.failing"
            akka.persistence.journal.failing {
              class = "ActorSweep.Cluster.Tests.Support.FailingJournal, ActorSweep.Cluster.Tests"
              plugin-dispatcher = "akka.actor.default-dispatcher"
            }
            """);
        return config;
    }

    [Test]
    public async Task JournalWriteFailure_FailsTheWaitWithTheReason_InsteadOfHanging()
    {
        FailingJournal.Reset(writesBeforeFailure: 5);
        var config = FailingJournalConfig();
        var graph = Studies.Imp(seeds: 3, rounds: 2, name: "failing");
        await using var node = SweepNode.Start(new NodeOptions(ConfigFile: config), new CoordinatorRole(graph, new InMemoryResultStore()),
            new WorkerRole(_ => new FakeRunner { Duration = TimeSpan.FromMilliseconds(20) }, new[] { "cpu", "cpu" }), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var e = Assert.ThrowsAsync<CoordinatorFailedException>(async () => await node.WaitUntilDoneAsync(timeout.Token))!;
        Assert.That(e.Message, Does.Contain("to the journal failed").And.Contain("injected").And.Contain("actorsweep resume"));
    }

    [Test]
    public async Task AJournalThatCannotBeRead_FailsTheWaitWithTheReason_InsteadOfHanging()
    {
        FailingJournal.Reset(writesBeforeFailure: int.MaxValue, replayFails: true);
        try
        {
            await using var node = SweepNode.Start(new NodeOptions(ConfigFile: FailingJournalConfig()), new CoordinatorRole(Studies.Imp(seeds: 1, rounds: 1, name: "unreadable"), new InMemoryResultStore()),
                new WorkerRole(_ => new FakeRunner(), new[] { "cpu" }), TimeProvider.System);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var e = Assert.ThrowsAsync<CoordinatorFailedException>(async () => await node.WaitUntilDoneAsync(timeout.Token))!;
            Assert.That(e.Message, Does.Contain("reading the journal failed").And.Contain("injected"));
        }
        finally
        {
            FailingJournal.Reset(int.MaxValue);
        }
    }

    [Test]
    public async Task ACoordinatorThatStopsForAnyReason_FailsTheWait_InsteadOfLeavingItWaiting()
    {
        var graph = Studies.Imp(seeds: 2, rounds: 2, name: "stopped");
        await using var node = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, new InMemoryResultStore()), null, TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var wait = node.WaitUntilDoneAsync(timeout.Token);
        await node.StatusAsync(TimeSpan.FromSeconds(10));   // the coordinator is up (no worker: nothing runs)
        var coordinator = await node.System.ActorSelection("/user/coordinator/coordinator").ResolveOne(TimeSpan.FromSeconds(10));
        node.System.Stop(coordinator);
        var e = Assert.ThrowsAsync<CoordinatorFailedException>(async () => await wait)!;
        Assert.That(e.Message, Does.Contain("the coordinator stopped before the study finished").And.Contain("actorsweep resume"));
    }
}
