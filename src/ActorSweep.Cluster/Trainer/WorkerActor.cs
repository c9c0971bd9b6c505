using Akka.Actor;
using Akka.Pattern;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Trainer;

/// <summary>
/// A node's trainer slots, each under its own back-off supervisor (error kernel: a slot whose
/// training throws is restarted after 0.5 s, 1 s, 2 s … without disturbing its siblings).
/// </summary>
public sealed class WorkerActor : ReceiveActor
{
    /// <summary>Starts <paramref name="devices"/>.Count slots; slot i runs on devices[i].</summary>
    public WorkerActor(IActorRef coordinator, Func<string, ITaskRunner> runnerForDevice, IReadOnlyList<string> devices, string node, SweepSettings settings, TimeProvider time, ArtifactClient? artifacts = null)
    {
        for (var i = 0; i < devices.Count; i++)
        {
            var slot = TrainerSlotActor.Props(coordinator, runnerForDevice(devices[i]), node, devices[i], settings, time, artifacts);
            var options = Backoff.OnFailure(slot, $"slot-{i}", settings.SlotBackoffMin, settings.SlotBackoffMax, 0.2, -1)
                .WithAutoReset(TimeSpan.FromSeconds(30));
            Context.ActorOf(BackoffSupervisor.Props(options), $"slot-{i}-supervisor");
        }
    }

    /// <summary>Props for a node's slots.</summary>
    public static Props Props(IActorRef coordinator, Func<string, ITaskRunner> runnerForDevice, IReadOnlyList<string> devices, string node, SweepSettings settings, TimeProvider time, ArtifactClient? artifacts = null) =>
        Akka.Actor.Props.Create(() => new WorkerActor(coordinator, runnerForDevice, devices, node, settings, time, artifacts));
}
