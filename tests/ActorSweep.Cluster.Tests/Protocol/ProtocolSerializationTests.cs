using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Tasks;
using Akka.Actor;

namespace ActorSweep.Cluster.Tests.Protocol;

/// <summary>Messages between a coordinator and workers on other nodes survive Akka's serializer.</summary>
public class ProtocolSerializationTests
{
    private static T RoundTrip<T>(ActorSystem system, T message) where T : notnull
    {
        var serializer = system.Serialization.FindSerializerFor(message);
        return (T)system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, typeof(T));
    }

    [Test]
    public void AssignTaskAndResults_RoundTrip_WithTheSameTaskIdentity()
    {
        using var system = ActorSystem.Create("actorsweep", SweepConfig.ForNode(new[] { Roles.Worker }, "127.0.0.1", 0, Array.Empty<string>()));
        var spec = Studies.Imp(seeds: 1, rounds: 1).Tasks.Last();
        var assign = RoundTrip(system, new AssignTask(spec, 2));
        Assert.That(assign, Is.EqualTo(new AssignTask(spec, 2)));
        Assert.That(TaskIdentity.TrialId(assign.Spec.Hparams), Is.EqualTo(spec.TrialId));

        var result = new TaskResult(0.8, 100, 80, 5, 0.9, 0.91, 0.95, 10, 1.5, "cpu", new[] { new CurvePoint(0, double.NaN, 2.3, 0.1, 0.1), new CurvePoint(10, 0.2, 0.3, 0.9, 0.91) })
        {
            FlopsDense = 100, FlopsSparse = 80, Instability = 0.05,
            Measurements = Measurements.Of(("ticket_drawn_at", 600), ("training_saved", 1 / 3.0)),
            Layers = new[] { new LayerStat("layers.0.weight", "fc", 90, 72, 90) },
            Interpolation = new[] { new InterpolationPoint(0, 0.3, 0.9, 0.2, 0.95), new InterpolationPoint(1, 0.31, 0.89, 0.21, 0.94) },
            Robustness = new[] { new RobustnessPoint(RobustnessPoint.Final, RobustnessPoint.Corruption, "fog", 5, null, null, 10000, 0.3217), new RobustnessPoint(RobustnessPoint.Final, RobustnessPoint.Attack, "pgd", 0, 0.3, 40, 1000, 1 / 3.0) },
        };
        var record = new TaskRecord(spec, TaskStatuses.Completed, null, 2, "akka.tcp://actorsweep@127.0.0.1:1", DateTime.UtcNow, DateTime.UtcNow, result);
        var back = RoundTrip(system, new ReportSuccess(record)).Record;
        Assert.That(back.Spec, Is.EqualTo(spec));
        Assert.That(back.Result!.Curve, Is.EqualTo(result.Curve));
        Assert.That(back.Result.Layers, Is.EqualTo(result.Layers));
        Assert.That(back.Result.Interpolation, Is.EqualTo(result.Interpolation));
        Assert.That(back.Result.Measurements, Is.EqualTo(result.Measurements), "a method's measurements cross nodes at full precision");
        Assert.That(back.Result.Robustness, Is.EqualTo(result.Robustness), "robustness rows cross nodes at full precision");
        Assert.That(back.Result with { Curve = result.Curve, Layers = result.Layers, Interpolation = result.Interpolation, Robustness = result.Robustness }, Is.EqualTo(result));
        Assert.That(back.StartedAt.Kind, Is.EqualTo(DateTimeKind.Utc));
        system.Terminate().Wait();
    }
}
