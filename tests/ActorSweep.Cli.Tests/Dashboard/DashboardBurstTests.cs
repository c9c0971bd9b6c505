using System.Diagnostics;
using System.Net;
using ActorSweep.Cli.Commands;
using ActorSweep.Cli.Dashboard;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Tests.Dashboard;

/// <summary>
/// A page opened in many tabs at once: a cold burst of 32 concurrent requests for a study's results is answered from
/// one build of its rows, each request within about one build's time — not one build after another, nor with request
/// threads blocked while the thread pool grows. Served from a copy of a committed paper-scale result folder.
/// </summary>
[NonParallelizable]
public class DashboardBurstTests
{
    private static StudyLayout CommittedResults()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ActorSweep.sln"))) dir = Path.GetDirectoryName(dir)!;
        var from = Path.Combine(dir, "results", "lth-lenet-mnist-seed1");
        var to = Path.Combine(Directory.CreateTempSubdirectory("actorsweep-burst").FullName, "lth-lenet-mnist-seed1");
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(d.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(f, f.Replace(from, to));
        return new StudyLayout(to);
    }

    private static Task<DashboardServer> Serve(StudyLayout layout)
    {
        Assert.That(StudyFolder.TryLoad(layout, TextWriter.Null, out var spec), Is.True);
        var graph = TaskGraph.Build(spec);
        var journal = JournalSettings.Resolve(SweepConfig.Load(null), layout, "hocon/actorsweep.conf");
        return DashboardServer.StartAsync(new DashboardEndpoint(IPAddress.Loopback, 0),
            new[] { new StudyFeed(layout, graph, new FolderStatusSource(layout, graph, journal, null, TimeProvider.System), TimeProvider.System) });
    }

    private static async Task<TimeSpan> Timed(DashboardClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        var body = await client.JsonAsync(path);
        Assert.That(body.GetProperty("rows").GetInt32(), Is.EqualTo(37), "every row of the study");
        return clock.Elapsed;
    }

    [Test]
    public async Task AColdBurstOf32Requests_IsAnsweredFromOneBuild_EachWithinAboutOneBuildTime()
    {
        var layout = CommittedResults();
        const string path = "api/studies/lth-lenet-mnist-seed1/results";
        await using (var warm = await Serve(layout))
        {
            using var client = new DashboardClient(warm.Address);
            await Timed(client, path);   // the code's first run (JIT) is not a build's time
        }
        TimeSpan build;
        await using (var single = await Serve(layout))
        {
            using var client = new DashboardClient(single.Address);
            build = await Timed(client, path);   // a cold feed: one build of the rows and views
        }
        await using var burst = await Serve(layout);
        using var burstClient = new DashboardClient(burst.Address);
        var latencies = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => Timed(burstClient, path))));
        var slowest = latencies.Max();
        TestContext.Progress.WriteLine($"one cold build {build.TotalMilliseconds:0} ms; 32 concurrent cold requests: median {latencies.Order().ElementAt(16).TotalMilliseconds:0} ms, slowest {slowest.TotalMilliseconds:0} ms");
        Assert.That(slowest, Is.LessThan(build * 3 + TimeSpan.FromMilliseconds(500)), "each request waits for the one build, not for the others' builds");
    }
}
