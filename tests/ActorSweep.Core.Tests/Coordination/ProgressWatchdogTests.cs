using ActorSweep.Core.Coordination;

namespace ActorSweep.Core.Tests.Coordination;

/// <summary>The progress watchdog's rule: no advance for max(after, factor × expected) is hung; expected from the study's observed rate.</summary>
public class ProgressWatchdogTests
{
    private static readonly DateTime T0 = new(2026, 12, 8, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Dictionary<string, long> Work = new() { ["a"] = 100, ["b"] = 100, ["long"] = 1000 };

    private static ProgressWatchdog Watchdog() => new(TimeSpan.FromMinutes(10), 5, id => Work[id]);

    [Test]
    public void ATaskThatStopsAdvancing_IsHungOnceItsLimitPasses_AndReportedOnce()
    {
        var w = Watchdog();
        w.Running("a", 1, T0);
        w.Progress("a", 1, 100, T0.AddMinutes(1));
        w.Progress("a", 1, 100, T0.AddMinutes(5));   // the same iteration again: no advance, the clock keeps running
        Assert.That(w.Hung(T0.AddMinutes(10), (_, _) => true), Is.Empty, "9 minutes without an advance: under the 10-minute floor");
        var hung = w.Hung(T0.AddMinutes(11).AddSeconds(1), (_, _) => true);
        Assert.That(hung, Has.Count.EqualTo(1));
        Assert.That(hung[0].LastIteration, Is.EqualTo(100));
        Assert.That(hung[0].Stalled, Is.EqualTo(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1)));
        Assert.That(hung[0].Describe(), Does.StartWith("hung: no progress past iteration 100 for 601 s (limit 600 s"));
        Assert.That(w.Hung(T0.AddHours(1), (_, _) => true), Is.Empty, "reported once");
    }

    [Test]
    public void AdvancingResetsTheClock_AndAFinishedOrReleasedTaskIsForgotten()
    {
        var w = Watchdog();
        w.Running("a", 1, T0);
        for (var m = 1; m <= 30; m++) w.Progress("a", 1, m * 10, T0.AddMinutes(m));
        Assert.That(w.Hung(T0.AddMinutes(35), (_, _) => true), Is.Empty, "it advanced 5 minutes ago");
        w.Running("b", 1, T0);
        Assert.That(w.Hung(T0.AddHours(2), (id, _) => id != "b" && id != "a"), Is.Empty, "tasks no longer running are not hung");
        w.Running("a", 2, T0.AddHours(2));   // a new attempt starts its own clock
        Assert.That(w.Hung(T0.AddHours(2).AddMinutes(5), (_, _) => true), Is.Empty);
    }

    [Test]
    public void TheLimitGrowsWithTheExpectedDuration_FromTheObservedRate()
    {
        var w = Watchdog();
        Assert.That(w.Expected("long"), Is.Null, "nothing observed yet");
        Assert.That(w.LimitOf("long"), Is.EqualTo(TimeSpan.FromMinutes(10)));
        w.Running("a", 1, T0);
        w.Stopped("a", TimeSpan.FromMinutes(3));   // 100 units of work in 3 minutes
        Assert.That(w.Expected("long"), Is.EqualTo(TimeSpan.FromMinutes(30)));
        Assert.That(w.LimitOf("long"), Is.EqualTo(TimeSpan.FromMinutes(150)), "5 × the expected 30 minutes");
        Assert.That(w.LimitOf("b"), Is.EqualTo(TimeSpan.FromMinutes(15)), "5 × 3 minutes is above the floor");
        w.Running("long", 1, T0);
        Assert.That(w.Hung(T0.AddMinutes(149), (_, _) => true), Is.Empty);
        Assert.That(w.Hung(T0.AddMinutes(151), (_, _) => true).Single().TaskId, Is.EqualTo("long"));
    }
}
