using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Tests.Support;

namespace ActorSweep.Cluster.Tests.Coordinator;

/// <summary>A journal write that fails ends the coordinator with a clear error instead of a study that hangs.</summary>
[NonParallelizable]
public class JournalFailureTests
{
    [Test]
    public async Task JournalWriteFailure_FailsTheWaitWithTheReason_InsteadOfHanging()
    {
        FailingJournal.Reset(writesBeforeFailure: 5);
        var config = Path.GetTempFileName();
        File.WriteAllText(config, """
            akka.persistence.journal.plugin = "akka.persistence.journal.failing"
            akka.persistence.journal.failing {
              class = "ActorSweep.Cluster.Tests.Support.FailingJournal, ActorSweep.Cluster.Tests"
              plugin-dispatcher = "akka.actor.default-dispatcher"
            }
            """);
        var graph = Studies.Imp(seeds: 3, rounds: 2, name: "failing");
        await using var node = SweepNode.Start(new NodeOptions(ConfigFile: config), new CoordinatorRole(graph, new InMemoryResultStore()),
            new WorkerRole(_ => new FakeRunner { Duration = TimeSpan.FromMilliseconds(20) }, new[] { "cpu", "cpu" }), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var e = Assert.ThrowsAsync<CoordinatorFailedException>(async () => await node.WaitUntilDoneAsync(timeout.Token))!;
        Assert.That(e.Message, Does.Contain("to the journal failed").And.Contain("injected").And.Contain("actorsweep resume"));
    }
}
