using System.Diagnostics;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Layout;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Tests.Chaos;

/// <summary>
/// Real processes on loopback, faults a cluster meets: a coordinator frozen for 30 s (SIGSTOP/SIGCONT: a long pause, a
/// VM migration, a short partition), an active coordinator SIGKILLed with a standby waiting on the PostgreSQL journal,
/// the standby killed instead, and a trainer stuck inside its task. Each time the study must finish with no process
/// restarted by hand and exactly one row per task.
/// </summary>
[NonParallelizable]
[Category("Chaos")]
public class ClusterResilienceTests
{
    // 4 seeds × (IMP rounds 0–3 + dense) = 20 tasks of a few seconds each on the synthetic data.
    private const string Study = """
        name = resilience
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2, 3, 4]
        training { iterations = 3000, eval-every = 500, batch-size = 32, validation-size = 200 }
        methods = [ { name = imp, rounds = 3 }, { name = dense } ]
        """;

    private const int Tasks = 20;
    private CliProcesses _processes = null!;
    private string _dir = null!;
    private int _dashboardPort;

    [SetUp]
    public void StartGroup()
    {
        _processes = new CliProcesses();
        _dir = Directory.CreateTempSubdirectory("actorsweep-resilience").FullName;
        File.WriteAllText(Path.Combine(_dir, "study.hocon"), Study);
    }

    [TearDown]
    public void StopWhatWeStarted()
    {
        _processes.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private string StudyFile => Path.Combine(_dir, "study.hocon");

    private StudyLayout Layout => StudyLayout.For(Path.Combine(_dir, "out"), "resilience");

    private Process Worker(string seeds, string cache, IReadOnlyDictionary<string, string>? environment = null) =>
        _processes.StartWith(environment, "worker", "--seed", seeds, "--cache", Path.Combine(_dir, cache), "--slots", "1");

    [Test]
    public async Task FrozenCoordinator_WorkersRejoinAfterItWakes_EveryTaskHasExactlyOneRow()
    {
        var port = CliProcesses.FreePort();
        var coordinator = _processes.Start("coordinator", StudyFile, "--out", Path.Combine(_dir, "out"), "--port", $"{port}", "--plain");
        await CliProcesses.WaitForPort(port, coordinator);
        var w1 = Worker($"127.0.0.1:{port}", "cache-w1");
        var w2 = Worker($"127.0.0.1:{port}", "cache-w2");
        await CliProcesses.WaitForRows(Layout, 5, coordinator);

        Signal("STOP", coordinator);   // frozen: its sockets stay open, nothing answers
        await Task.Delay(TimeSpan.FromSeconds(30));
        Signal("CONT", coordinator);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await coordinator.WaitForExitAsync(timeout.Token);
        Assert.That(coordinator.ExitCode, Is.EqualTo(0), _processes.OutputOf(coordinator));
        await Task.WhenAll(w1.WaitForExitAsync(timeout.Token), w2.WaitForExitAsync(timeout.Token));
        foreach (var w in new[] { w1, w2 })
        {
            var said = _processes.OutputOf(w);
            Assert.That(w.ExitCode, Is.EqualTo(0), said);
            Assert.That(said, Does.Contain("trying to rejoin"), "the worker lost its coordinator during the freeze");
            Assert.That(said, Does.Contain("rejoined"), "and came back to it by itself");
        }
        AssertOneRowPerTask();
    }

    [Test]
    public async Task CoordinatorReallyGone_WorkersLeaveOnceTheirGraceEnds()
    {
        var port = CliProcesses.FreePort();
        var coordinator = _processes.Start("coordinator", StudyFile, "--out", Path.Combine(_dir, "out"), "--port", $"{port}", "--plain");
        await CliProcesses.WaitForPort(port, coordinator);
        var worker = _processes.Start("worker", "--seed", $"127.0.0.1:{port}", "--cache", Path.Combine(_dir, "cache-w1"), "--slots", "1", "--rejoin-grace", "5");
        await CliProcesses.WaitForRows(Layout, 1, coordinator);
        coordinator.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await worker.WaitForExitAsync(timeout.Token);
        var said = _processes.OutputOf(worker);
        Assert.That(worker.ExitCode, Is.EqualTo(0), said);
        Assert.That(said, Does.Contain("trying to rejoin").And.Contain("the coordinator did not come back within 5 s; worker stopping"));
    }

    [Test]
    public async Task ActiveCoordinatorKilled_StandbyTakesOver_WithNoManualStep()
    {
        var config = PostgresConfig();
        var (active, standby, seeds, activePort) = await StartWithStandbyAsync(config);
        var w1 = Worker(seeds, "cache-w1");
        var w2 = Worker(seeds, "cache-w2");
        await CliProcesses.WaitForRows(Layout, 4, active);

        // status and the dashboard name the active coordinator and the one standing by.
        var (_, status, statusErrors) = await CliProcess.RunAsync(new[] { "status", Layout.Root, "--config", config }, timeout: TimeSpan.FromMinutes(1));
        Assert.That(status, Does.Contain($"active coordinator: pid {active.Id}"), status + statusErrors);
        Assert.That(status, Does.Contain($"standing by: {Environment.MachineName} pid {standby.Id}"), status + statusErrors);
        using (var dashboard = new DashboardClient(new Uri($"http://127.0.0.1:{_dashboardPort}/")))
        {
            var view = await dashboard.JsonAsync("api/studies/resilience/status");
            Assert.That(view.GetProperty("source").GetString(), Is.EqualTo("live"));
            Assert.That(view.GetProperty("active_coordinator").GetString(), Does.StartWith($"pid {active.Id} on "));
            Assert.That(view.GetProperty("standbys").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { $"{Environment.MachineName} pid {standby.Id}" }));
        }

        var killedAt = DateTime.UtcNow;
        active.Kill(entireProcessTree: true);   // SIGKILL mid-study: no goodbye, its journal session drops
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await standby.WaitForExitAsync(timeout.Token);
        var said = _processes.OutputOf(standby);
        Assert.That(standby.ExitCode, Is.EqualTo(0), said);
        Assert.That(said, Does.Contain("took the study over"));
        await Task.WhenAll(w1.WaitForExitAsync(timeout.Token), w2.WaitForExitAsync(timeout.Token));
        Assert.That(_processes.OutputOf(w1) + _processes.OutputOf(w2), Does.Contain("rejoined"), "the workers followed the standby without a restart");

        AssertOneRowPerTask();
        var history = CoordinatorHistory.Read(Layout);
        Assert.That(history.Select(h => h.Kind), Is.EqualTo(new[] { CoordinatorStart.Start, CoordinatorStart.Failover }));
        var failover = history[1];
        Assert.That(failover.Pid, Is.EqualTo(standby.Id));
        Assert.That(failover.Previous, Does.Contain($"pid {active.Id}").And.Contain($":{activePort}"));
        Assert.That(failover.Requeued, Is.Not.Null.And.GreaterThanOrEqualTo(0));
        Assert.That(failover.At, Is.GreaterThan(killedAt));

        // The report says it happened, when, and how many leases went back to the queue.
        var (reported, report, reportErrors) = await CliProcess.RunAsync(new[] { "report", Layout.Root });
        Assert.That(reported, Is.EqualTo(0), report + reportErrors);
        Assert.That(report, Does.Contain($"coordinator failover at {failover.At:yyyy-MM-dd HH:mm:ss} UTC").And.Contain($"{failover.Requeued} lease(s) of the previous coordinator re-queued"));

        // Kill → first task started under the new coordinator (rows carry when their attempt started).
        var firstAfter = ResultReader.ReadTrials(Layout).Select(r => r.StartedAt).Where(t => t > killedAt).Min();
        TestContext.Progress.WriteLine($"failover: SIGKILL → standby took over {(failover.At - killedAt).TotalSeconds:0.0} s; → first task started {(firstAfter - killedAt).TotalSeconds:0.0} s; {failover.Requeued} lease(s) re-queued");
        Assert.That(firstAfter - killedAt, Is.LessThan(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public async Task StandbyKilled_TheStudyGoesOnUntouched()
    {
        var config = PostgresConfig();
        var (active, standby, seeds, _) = await StartWithStandbyAsync(config);
        var w1 = Worker(seeds, "cache-w1");
        var w2 = Worker(seeds, "cache-w2");
        await CliProcesses.WaitForRows(Layout, 4, active);
        standby.Kill(entireProcessTree: true);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await active.WaitForExitAsync(timeout.Token);
        Assert.That(active.ExitCode, Is.EqualTo(0), _processes.OutputOf(active));
        await Task.WhenAll(w1.WaitForExitAsync(timeout.Token), w2.WaitForExitAsync(timeout.Token));
        Assert.That(_processes.OutputOf(w1) + _processes.OutputOf(w2), Does.Not.Contain("trying to rejoin"), "nothing happened to the workers");
        AssertOneRowPerTask();
        Assert.That(CoordinatorHistory.Read(Layout).Select(h => h.Kind), Is.EqualTo(new[] { CoordinatorStart.Start }));
    }

    [Test]
    public async Task HungTask_IsANodeFault_ItsLeaseGoesElsewhere_AndItsWorkerExitsForRestart()
    {
        // Small limits for the test: 4 s without progress, whatever the expected duration.
        var config = Path.Combine(_dir, "watchdog.conf");
        File.WriteAllText(config, "actorsweep.hung-task { after = 4s, factor = 0, check-every = 1s }\n");
        var port = CliProcesses.FreePort();
        var coordinator = _processes.Start("coordinator", StudyFile, "--out", Path.Combine(_dir, "out"), "--port", $"{port}", "--plain", "--config", config);
        await CliProcesses.WaitForPort(port, coordinator);
        var stuck = Worker($"127.0.0.1:{port}", "cache-w1", new Dictionary<string, string> { ["ACTORSWEEP_FAULT_HANG_AT_ITERATION"] = "1000" });
        var healthy = Worker($"127.0.0.1:{port}", "cache-w2");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await stuck.WaitForExitAsync(timeout.Token);
        var stuckSaid = _processes.OutputOf(stuck);
        Assert.That(stuck.ExitCode, Is.EqualTo(3), "out of service: exit 3, for its launcher to restart it\n" + stuckSaid);
        Assert.That(stuckSaid, Does.Contain("taken out of service").And.Contain("past iteration 1000"));

        await coordinator.WaitForExitAsync(timeout.Token);
        var said = _processes.OutputOf(coordinator);
        Assert.That(coordinator.ExitCode, Is.EqualTo(0), said);
        Assert.That(said, Does.Contain("slot taken out of service: akka.tcp://actorsweep@127.0.0.1:"), "the final status names the hung node and slot");
        AssertOneRowPerTask();
        var rows = ResultReader.ReadTrials(Layout);
        Assert.That(rows.All(r => r.Status == "completed"), Is.True);
        var fault = ResultReader.ReadFaults(Layout);
        Assert.That(fault, Has.Count.EqualTo(1), "one node fault row: the hang");
        Assert.That(fault[0].Error, Does.Contain("hung: no progress past iteration 1000"));
        Assert.That(rows.Single(r => r.TaskId == fault[0].TaskId).Node, Is.Not.EqualTo(fault[0].Node), "the hung task finished on another node");
        Assert.That(healthy.HasExited ? healthy.ExitCode : 0, Is.EqualTo(0));
    }

    [Test]
    public async Task CoordinatorWithoutSlots_SaysSoPlainly()
    {
        var port = CliProcesses.FreePort();
        var coordinator = _processes.Start("coordinator", StudyFile, "--out", Path.Combine(_dir, "out"), "--port", $"{port}", "--plain");
        await CliProcesses.WaitForPort(port, coordinator);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!_processes.OutputOf(coordinator).Contains("no trainer slot in the cluster") && DateTime.UtcNow < deadline) await Task.Delay(500);
        Assert.That(_processes.OutputOf(coordinator), Does.Contain("waiting: 8 task(s) ready and no trainer slot in the cluster since"));
        var (_, status, errors) = await CliProcess.RunAsync(new[] { "status", Layout.Root }, timeout: TimeSpan.FromMinutes(1));
        Assert.That(status, Does.Contain("no trainer slot in the cluster"), status + errors);
    }

    /// <summary>A PostgreSQL journal on the tests' server, in a database of its own.</summary>
    private string PostgresConfig()
    {
        var connection = PostgresServer.Instance.NewDatabase();
        var config = Path.Combine(_dir, "postgresql.conf");
        File.WriteAllText(config, $"actorsweep.journal {{ provider = postgresql, postgresql.connection-string = \"{connection}\" }}\n");
        return config;
    }

    private async Task<(Process Active, Process Standby, string Seeds, int ActivePort)> StartWithStandbyAsync(string config)
    {
        var activePort = CliProcesses.FreePort();
        var standbyPort = CliProcesses.FreePort();
        _dashboardPort = CliProcesses.FreePort();
        var active = _processes.Start("coordinator", StudyFile, "--out", Path.Combine(_dir, "out"), "--port", $"{activePort}", "--plain", "--config", config,
            "--dashboard", $"127.0.0.1:{_dashboardPort}");
        await CliProcesses.WaitForPort(activePort, active);
        while (!File.Exists(Layout.StudyFile)) await Task.Delay(100);
        var standby = _processes.Start("coordinator", Layout.Root, "--standby", "--port", $"{standbyPort}", "--plain", "--config", config);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!_processes.OutputOf(standby).Contains("standing by for study") && DateTime.UtcNow < deadline)
        {
            Assert.That(standby.HasExited, Is.False, _processes.OutputOf(standby));
            await Task.Delay(200);
        }
        return (active, standby, $"127.0.0.1:{activePort},127.0.0.1:{standbyPort}", activePort);
    }

    private void AssertOneRowPerTask()
    {
        var ids = RowDump.Of(Layout.TrialsDir, "task_id").Skip(1).ToList();   // every row, read by ParquetSharp (Arrow C++)
        Assert.That(ids, Has.Count.EqualTo(Tasks), "no task lost, none duplicated");
        Assert.That(ids.Distinct().Count(), Is.EqualTo(Tasks));
    }

    private static void Signal(string signal, Process p)
    {
        using var kill = Process.Start("kill", new[] { $"-{signal}", $"{p.Id}" })!;
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.EqualTo(0), $"kill -{signal} {p.Id}");
    }
}
