using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Persistence;
using ActorSweep.Core.Coordination;
using Akka.Actor;
using Akka.Serialization;

namespace ActorSweep.Cluster.Tests.Coordinator;

/// <summary>
/// The coordinator's journal is a public, persisted format. New journals write every event under an explicit,
/// versioned manifest (frozen here); journals of release 1 name the events by their .NET types, so those type
/// names are frozen too (a release-1 journal is replayed in <see cref="Release1JournalTests"/>).
/// </summary>
public class PersistedEventsTests
{
    private static readonly object[] Journaled =
    {
        new StudyStarted("0123456789abcdef", 42),
        new TaskLeased("t1", "akka://actorsweep/user/worker/slot-0-supervisor/slot-0", "akka.tcp://actorsweep@127.0.0.1:4053", 2),
        new TaskCommitting("t1", 2),
        new TaskCompleted("t1", 2),
        new TaskAttemptFailed("t1", 1, "InvalidOperationException: boom"),
        new TaskFailed("t1", 3, "failed 3 of 3 attempts; last error: boom"),
        new TaskSkipped("t2", "t1"),
        new LeaseReleased("t1", 1, "node removed"),
        new LeaseReturned("t1", 2),
        new CoordinatorSnapshot("0123456789abcdef", 42, new[]
        {
            new TaskSnapshot("t1", TaskPhase.Leased, 2, 1, new Lease("w", "n", 2), "boom"),
            new TaskSnapshot("t2", TaskPhase.Completed, 1, 0, null, null),
        }),
    };

    [Test]
    public void EveryJournaledEvent_RoundTripsThroughTheManifestSerializer()
    {
        using var system = ActorSystem.Create("actorsweep", SweepConfig.ForNode(new[] { Roles.Coordinator }, "127.0.0.1", 0, Array.Empty<string>()));
        foreach (var e in Journaled)
        {
            var serializer = system.Serialization.FindSerializerFor(e);
            Assert.That(serializer, Is.TypeOf<CoordinatorEventSerializer>(), e.GetType().Name);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, e);
            var back = system.Serialization.Deserialize(serializer.ToBinary(e), serializer.Identifier, manifest);
            if (e is CoordinatorSnapshot s)
            {
                var b = (CoordinatorSnapshot)back;
                Assert.That((b.Fingerprint, b.TaskCount), Is.EqualTo((s.Fingerprint, s.TaskCount)));
                Assert.That(b.Tasks, Is.EqualTo(s.Tasks));
            }
            else Assert.That(back, Is.EqualTo(e), e.GetType().Name);
        }
        system.Terminate().Wait();
    }

    [Test]
    public void Manifests_AreFrozen()
    {
        Assert.That(Journaled.Select(e => CoordinatorEventSerializer.Manifests[e.GetType()]), Is.EqualTo(new[]
        {
            "study-started.v1", "task-leased.v1", "task-committing.v1", "task-completed.v1", "task-attempt-failed.v1",
            "task-failed.v1", "task-skipped.v1", "lease-released.v1", "lease-returned.v1", "coordinator-snapshot.v1",
        }));
        Assert.That(CoordinatorEventSerializer.Id, Is.EqualTo(4712));
    }

    [Test]
    public void TheJsonOfAnEvent_IsPlainAndStable()
    {
        using var system = ActorSystem.Create("actorsweep", SweepConfig.ForNode(new[] { Roles.Coordinator }, "127.0.0.1", 0, Array.Empty<string>()));
        var serializer = (SerializerWithStringManifest)system.Serialization.FindSerializerFor(Journaled[1]);
        Assert.That(System.Text.Encoding.UTF8.GetString(serializer.ToBinary(Journaled[1])),
            Is.EqualTo("""{"TaskId":"t1","Worker":"akka://actorsweep/user/worker/slot-0-supervisor/slot-0","Node":"akka.tcp://actorsweep@127.0.0.1:4053","Attempt":2}"""));
        Assert.That(() => serializer.FromBinary(new byte[] { 0x7b, 0x7d }, "task-leased.v9"), Throws.Exception.With.Message.Contains("unknown coordinator journal manifest 'task-leased.v9'"));
        system.Terminate().Wait();
    }

    [Test]
    public void Release1EventTypeNames_AreFrozen()
    {
        // Release 1 wrote Newtonsoft JSON with "$type": these names must resolve for its journals to replay.
        Assert.That(new[]
        {
            typeof(ActorSweep.Cluster.Coordinator.StudyStarted), typeof(TaskLeased), typeof(TaskCommitting), typeof(TaskCompleted),
            typeof(TaskAttemptFailed), typeof(TaskFailed), typeof(TaskSkipped), typeof(LeaseReleased),
        }.Select(t => $"{t.FullName}, {t.Assembly.GetName().Name}"), Is.EqualTo(new[]
        {
            "ActorSweep.Cluster.Coordinator.StudyStarted, ActorSweep.Cluster",
            "ActorSweep.Core.Coordination.TaskLeased, ActorSweep.Core",
            "ActorSweep.Core.Coordination.TaskCommitting, ActorSweep.Core",
            "ActorSweep.Core.Coordination.TaskCompleted, ActorSweep.Core",
            "ActorSweep.Core.Coordination.TaskAttemptFailed, ActorSweep.Core",
            "ActorSweep.Core.Coordination.TaskFailed, ActorSweep.Core",
            "ActorSweep.Core.Coordination.TaskSkipped, ActorSweep.Core",
            "ActorSweep.Core.Coordination.LeaseReleased, ActorSweep.Core",
        }));
    }
}
