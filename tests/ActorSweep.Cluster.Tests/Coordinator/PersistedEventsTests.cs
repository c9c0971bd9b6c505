using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Coordination;
using Akka.Actor;

namespace ActorSweep.Cluster.Tests.Coordinator;

/// <summary>
/// The coordinator's journal is a public, persisted format: every journaled event must round-trip
/// through the configured serializer, and its type name must never change (a rename breaks the
/// recovery of every existing study).
/// </summary>
public class PersistedEventsTests
{
    private static readonly object[] Events =
    {
        new StudyStarted("0123456789abcdef", 42),
        new TaskLeased("t1", "akka://actorsweep/user/worker/slot-0-supervisor/slot-0", "akka.tcp://actorsweep@127.0.0.1:4053", 2),
        new TaskCommitting("t1", 2),
        new TaskCompleted("t1", 2),
        new TaskAttemptFailed("t1", 1, "InvalidOperationException: boom"),
        new TaskFailed("t1", 3, "failed 3 of 3 attempts; last error: boom"),
        new TaskSkipped("t2", "t1"),
        new LeaseReleased("t1", 1, "node removed"),
    };

    [Test]
    public void EveryJournaledEvent_RoundTripsThroughTheConfiguredSerializer()
    {
        using var system = ActorSystem.Create("actorsweep", SweepConfig.ForNode(new[] { Roles.Coordinator }, "127.0.0.1", 0, Array.Empty<string>()));
        foreach (var e in Events)
        {
            var serializer = system.Serialization.FindSerializerFor(e);
            var bytes = serializer.ToBinary(e);
            var back = system.Serialization.Deserialize(bytes, serializer.Identifier, e.GetType());
            Assert.That(back, Is.EqualTo(e), e.GetType().Name);
        }
        system.Terminate().Wait();
    }

    [Test]
    public void JournaledEventTypeNames_AreFrozen()
    {
        Assert.That(Events.Select(e => e.GetType().FullName), Is.EqualTo(new[]
        {
            "ActorSweep.Cluster.Coordinator.StudyStarted",
            "ActorSweep.Core.Coordination.TaskLeased",
            "ActorSweep.Core.Coordination.TaskCommitting",
            "ActorSweep.Core.Coordination.TaskCompleted",
            "ActorSweep.Core.Coordination.TaskAttemptFailed",
            "ActorSweep.Core.Coordination.TaskFailed",
            "ActorSweep.Core.Coordination.TaskSkipped",
            "ActorSweep.Core.Coordination.LeaseReleased",
        }));
    }
}
