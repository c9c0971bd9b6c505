using System.Net;
using System.Text.Json;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Dashboard;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Cli.Commands;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Tests.Dashboard;

/// <summary>
/// The dashboard's JSON API over a finished study (its journal and Parquet rows, no coordinator) and over a folder
/// of results without a journal; bad requests get a 4xx with a one-line message; the page and its assets come from
/// the assembly and name no other host.
/// </summary>
[NonParallelizable]
public class DashboardApiTests
{
    private string _dir = "";
    private StudyLayout _layout = null!;

    [OneTimeSetUp]
    public async Task RunASmallStudyToTheEnd()
    {
        _dir = Directory.CreateTempSubdirectory("actorsweep-dashboard").FullName;
        var study = Path.Combine(_dir, "finished.hocon");
        File.WriteAllText(study, """
            name = finished
            dataset = synthetic
            model = lenet-16-8
            seeds = [1, 2]
            training { iterations = 600, eval-every = 200, batch-size = 32, validation-size = 200 }
            methods = [ { name = imp, rounds = 2, controls = [random-reinit] } ]
            """);
        var (code, _, errors) = await InProcessCli.RunAsync("run", study, "--out", Path.Combine(_dir, "out"), "--slots", "2", "--plain");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        _layout = StudyLayout.For(Path.Combine(_dir, "out"), "finished");
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static async Task<DashboardServer> Serve(params StudyLayout[] layouts)
    {
        var feeds = layouts.Select(l =>
        {
            Assert.That(StudyFolder.TryLoad(l, TextWriter.Null, out var spec), Is.True);
            var graph = TaskGraph.Build(spec);
            var journal = JournalSettings.Resolve(SweepConfig.Load(null), l, "hocon/actorsweep.conf");
            return new StudyFeed(l, graph, new FolderStatusSource(l, graph, journal, null, TimeProvider.System), TimeProvider.System);
        });
        return await DashboardServer.StartAsync(new DashboardEndpoint(IPAddress.Loopback, 0), feeds);
    }

    [Test]
    public async Task AFinishedStudy_IsServedFromItsJournalAndRows_CountsMatchTheParquetRows()
    {
        await using var server = await Serve(_layout);
        using var client = new DashboardClient(server.Address);
        var statuses = RowDump.Of(_layout.TrialsDir, "status").Skip(1).ToList();

        var studies = await client.JsonAsync("api/studies");
        Assert.That(studies.GetArrayLength(), Is.EqualTo(1));
        Assert.That(studies[0].GetProperty("study").GetString(), Is.EqualTo("finished"));
        Assert.That(studies[0].GetProperty("tasks").GetInt32(), Is.EqualTo(statuses.Count));

        var status = await client.JsonAsync("api/studies/finished/status");
        Assert.That(status.GetProperty("source").GetString(), Is.EqualTo("journal"));
        Assert.That(status.GetProperty("done").GetBoolean(), Is.True);
        Assert.That(status.GetProperty("total").GetInt32(), Is.EqualTo(2 * (3 + 2)), "2 seeds × (rounds 0–2 + 2 random re-inits)");
        Assert.That(status.GetProperty("counts").GetProperty("completed").GetInt32(), Is.EqualTo(statuses.Count(s => s == "completed")));
        Assert.That(status.GetProperty("counts").GetProperty("reused").GetInt32(), Is.Zero, "every task was trained here");
        Assert.That(status.GetProperty("nodes").GetArrayLength(), Is.EqualTo(0), "nothing runs");
        Assert.That(status.GetProperty("eta_seconds").GetDouble(), Is.EqualTo(0));

        var results = await client.JsonAsync("api/studies/finished/results");
        Assert.That(results.GetProperty("rows").GetInt32(), Is.EqualTo(statuses.Count));
        Assert.That(results.GetProperty("completed").GetInt32(), Is.EqualTo(statuses.Count(s => s == "completed")));
        var table = results.GetProperty("tables")[0];
        var series = table.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("label").GetString()!);
        Assert.That(series.Keys, Is.EquivalentTo(new[] { "imp", "imp (random-reinit)" }));
        var main = series["imp"].GetProperty("points").EnumerateArray().ToList();
        Assert.That(main, Has.Count.EqualTo(3), "three levels: dense and two rounds");
        Assert.That(main.Select(p => p.GetProperty("weights_remaining").GetDouble()), Is.Ordered.Descending);
        Assert.That(main[0].GetProperty("test_accuracy_at_early_stop").GetProperty("n").GetInt32(), Is.EqualTo(2), "over two seeds");
        Assert.That(table.GetProperty("dense").GetProperty("n").GetInt32(), Is.EqualTo(2));
        Assert.That(main[0].GetProperty("versus_dense").ValueKind, Is.EqualTo(JsonValueKind.Null), "the dense point is the baseline");
        Assert.That(main.Select(p => p.GetProperty("measurements").GetArrayLength()), Is.All.Zero, "imp declares no measurements of its own: an empty list");
        foreach (var point in main.Skip(1))
        {
            // Two seeds, paired with dense's: a difference with its interval, a verdict, the seeds a test would need.
            var versus = point.GetProperty("versus_dense");
            Assert.That(versus.GetProperty("baseline").GetString(), Is.EqualTo("dense"));
            Assert.That(versus.GetProperty("verdict").GetString(), Is.AnyOf("better", "worse", "n.s.", "no spread"));
            if (versus.GetProperty("diff").ValueKind == JsonValueKind.Null) continue;
            Assert.That(versus.GetProperty("test").GetString(), Is.EqualTo("paired-t"));
            Assert.That(versus.GetProperty("low").GetDouble(), Is.LessThanOrEqualTo(versus.GetProperty("diff").GetDouble()));
            Assert.That(versus.GetProperty("high").GetDouble(), Is.GreaterThanOrEqualTo(versus.GetProperty("diff").GetDouble()));
        }

        var trial = results.GetProperty("trials")[0];
        var curves = await client.JsonAsync($"api/studies/finished/curves?trial={trial.GetProperty("trial_id").GetString()}");
        var tasks = curves.GetProperty("tasks").EnumerateArray().ToList();
        Assert.That(tasks, Has.Count.EqualTo(trial.GetProperty("tasks").GetInt32()));
        Assert.That(tasks[0].GetProperty("iterations").EnumerateArray().Select(i => i.GetInt32()), Is.EqualTo(new[] { 0, 200, 400, 600 }));
        Assert.That(tasks[0].GetProperty("val_accuracy").GetArrayLength(), Is.EqualTo(4));
    }

    [Test]
    public async Task AResultsFolderWithoutAJournal_IsRebuiltFromItsRows()
    {
        var copy = new StudyLayout(Path.Combine(_dir, "copied", "finished"));
        Directory.CreateDirectory(copy.TrialsDir);
        File.Copy(_layout.StudyFile, copy.StudyFile);
        File.Copy(_layout.DefaultsFile, copy.DefaultsFile);
        foreach (var f in Directory.GetFiles(_layout.TrialsDir, "*.parquet")) File.Copy(f, Path.Combine(copy.TrialsDir, Path.GetFileName(f)));
        await using var server = await Serve(copy);
        using var client = new DashboardClient(server.Address);

        var status = await client.JsonAsync("api/studies/finished/status");
        Assert.That(status.GetProperty("source").GetString(), Is.EqualTo("rows"));
        Assert.That(status.GetProperty("done").GetBoolean(), Is.True);
        Assert.That(status.GetProperty("counts").GetProperty("completed").GetInt32(), Is.EqualTo(10));
        Assert.That(status.GetProperty("note").GetString(), Does.Contain("no journal"));
        var trial = (await client.JsonAsync("api/studies/finished/results")).GetProperty("trials")[0].GetProperty("trial_id").GetString();
        var curves = await client.JsonAsync($"api/studies/finished/curves?trial={trial}");
        Assert.That(curves.GetProperty("tasks").GetArrayLength(), Is.EqualTo(0), "no curves part was copied");
    }

    [TestCase("api/studies/nope/status", HttpStatusCode.NotFound, "unknown study 'nope'; this dashboard serves: finished")]
    [TestCase("api/studies/nope/results", HttpStatusCode.NotFound, "unknown study 'nope'")]
    [TestCase("api/studies/finished/curves", HttpStatusCode.BadRequest, "query 'trial': expected one trial id")]
    [TestCase("api/studies/finished/curves?trial=a&trial=b", HttpStatusCode.BadRequest, "query 'trial': expected one trial id")]
    [TestCase("api/studies/finished/curves?trial=..%2Fetc", HttpStatusCode.BadRequest, "query 'trial'")]
    [TestCase("api/studies/finished/curves?trial=0123456789abcdef", HttpStatusCode.NotFound, "no rows of trial '0123456789abcdef'")]
    [TestCase("api/nothing", HttpStatusCode.NotFound, "no such page or API: GET /api/nothing")]
    [TestCase("assets/..%2Fappsettings.json", HttpStatusCode.NotFound, "no asset")]
    [TestCase("assets/missing.js", HttpStatusCode.NotFound, "no asset 'missing.js'")]
    public async Task ABadRequest_GetsA4xxWithAMessage_NeverAStackTrace(string path, HttpStatusCode expected, string message)
    {
        await using var server = await Serve(_layout);
        using var client = new DashboardClient(server.Address);
        var (status, body, type) = await client.GetAsync(path);
        Assert.That(status, Is.EqualTo(expected));
        Assert.That(type, Does.StartWith("application/json"));
        var error = body.GetProperty("error").GetString();
        Assert.That(error, Does.Contain(message));
        Assert.That(error, Does.Not.Contain(" at ").And.Not.Contain("Exception"), "no stack trace");
    }

    [Test]
    public async Task ThePageAndItsAssets_ComeFromTheAssembly_AndNameNoOtherHost()
    {
        await using var server = await Serve(_layout);
        using var client = new DashboardClient(server.Address);
        foreach (var (path, type) in new[] { ("", "text/html"), ("assets/app.js", "text/javascript"), ("assets/app.css", "text/css"), ("assets/uPlot.iife.min.js", "text/javascript"), ("assets/uPlot.min.css", "text/css") })
        {
            var (status, body, contentType) = await client.GetAsync(path);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That(contentType, Does.StartWith(type), path);
            var text = body.GetString()!;
            if (path is "" or "assets/app.js" or "assets/app.css")
                Assert.That(text, Does.Not.Match("(src|href)=\"(https?:)?//").And.Not.Contain("fetch(\"http"), $"{path} loads nothing from another host");
        }
        var (_, page, _) = await client.GetAsync("");
        Assert.That(page.GetString(), Does.Contain("assets/uPlot.iife.min.js").And.Contain("assets/app.js"));
    }

    [Test]
    public async Task ByDefault_TheServerListensOnLoopbackOnly()
    {
        Assert.That(DashboardEndpoint.TryParse("8050", out var endpoint, out _), Is.True);
        Assert.That(endpoint!.Host, Is.EqualTo(IPAddress.Loopback));
        await using var server = await Serve(_layout);
        Assert.That(server.Address.Host, Is.EqualTo("127.0.0.1"));
    }

    [TestCase("8050", "127.0.0.1:8050")]
    [TestCase("0.0.0.0:9000", "0.0.0.0:9000")]
    [TestCase("localhost:0", "127.0.0.1:0")]
    [TestCase("[::1]:8050", "[::1]:8050")]
    public void Endpoints_Parse(string text, string expected)
    {
        Assert.That(DashboardEndpoint.TryParse(text, out var endpoint, out var error), Is.True, error);
        Assert.That(endpoint!.ToString(), Is.EqualTo(expected));
    }

    [TestCase("abc", "'abc' is not a port")]
    [TestCase("70000", "'70000' is not a port")]
    [TestCase("example.org:80", "'example.org' is not an IP address")]
    public void BadEndpoints_SayWhatWasExpected(string text, string message)
    {
        Assert.That(DashboardEndpoint.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(message));
    }
}
