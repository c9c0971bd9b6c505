using ActorSweep.Cli.Console;

namespace ActorSweep.Cli.Tests.Composition;

public class EtaEstimatorTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Test]
    public void Eta_IsRemainingTasksTimesThisRunsTimePerTask_IgnoringTasksDoneBeforeIt()
    {
        var clock = new Clock();
        var eta = new EtaEstimator(clock);
        Assert.That(eta.Update(finished: 40, total: 100), Is.Null, "a resumed study: 40 were done before this run");
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.That(eta.Update(40, 100), Is.Null, "nothing finished in this run yet");
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.That(eta.Update(50, 100), Is.EqualTo(TimeSpan.FromSeconds(6 * 50)), "10 tasks in 60 s → 6 s each × 50 left");
        Assert.That(eta.Update(100, 100), Is.EqualTo(TimeSpan.Zero));
        Assert.That(EtaEstimator.Format(TimeSpan.FromSeconds(3725)), Is.EqualTo("ETA 1 h 02 min"));
        Assert.That(EtaEstimator.Format(TimeSpan.FromSeconds(200)), Is.EqualTo("ETA 3 min 20 s"));
        Assert.That(EtaEstimator.Format(null), Is.EqualTo("ETA —"));
    }
}
