using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cluster.Tests.Hosting;

/// <summary>The folder's coordinators.jsonl: appended line by line, read back in order, a torn last line skipped, absent in older folders.</summary>
public class CoordinatorHistoryTests
{
    [Test]
    public void Appended_ReadsBackInOrder_ATornLastLineIsSkipped_AndAnOlderFolderHasNone()
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-history").FullName);
        Assert.That(CoordinatorHistory.Read(layout), Is.Empty, "a folder of an earlier release");
        var start = new CoordinatorRecord(new DateTime(2026, 12, 8, 12, 0, 0, DateTimeKind.Utc), CoordinatorStart.Start, "a", 11, "akka.tcp://actorsweep@10.0.0.5:4053", null, null);
        var failover = new CoordinatorRecord(new DateTime(2026, 12, 8, 12, 5, 3, DateTimeKind.Utc), CoordinatorStart.Failover, "b", 22, "akka.tcp://actorsweep@10.0.0.6:4053",
            "pid 11 on a, akka.tcp://actorsweep@10.0.0.5:4053", 3);
        CoordinatorHistory.Append(layout, start);
        CoordinatorHistory.Append(layout, failover);
        File.AppendAllText(layout.CoordinatorHistoryFile, "{\"at\":\"2026-12-08T12:");   // a crash mid-line
        Assert.That(CoordinatorHistory.Read(layout), Is.EqualTo(new[] { start, failover }));
        var resume = start with { Kind = CoordinatorStart.Resume, Pid = 33 };
        CoordinatorHistory.Append(layout, resume);
        Assert.That(CoordinatorHistory.Read(layout), Is.EqualTo(new[] { start, failover, resume }), "a start after the torn line is a line of its own");
        Assert.That(File.ReadLines(layout.CoordinatorHistoryFile).First(), Does.Contain("\"kind\":\"Start\"").And.Contain("\"pid\":11"));
        Assert.That(CoordinatorHistory.Describe(failover), Is.EqualTo(
            "failover at 2026-12-08 12:05:03 UTC: pid 22 on b (akka.tcp://actorsweep@10.0.0.6:4053) took over from pid 11 on a, akka.tcp://actorsweep@10.0.0.5:4053; " +
            "3 lease(s) of the previous coordinator re-queued"));
    }
}
