using System.Diagnostics;
using System.Text.RegularExpressions;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cli.Tests.Chaos;

/// <summary>
/// The console says what a user needs and nothing of Akka's: a normal run and a normal worker end print no Akka line
/// on stdout or stderr; a worker that cannot join says why at once and exits 2; <c>status</c> on a study whose
/// coordinator just went away falls back to the journal with one line saying so.
/// </summary>
[NonParallelizable]
[Category("Chaos")]
public partial class QuietConsoleTests
{
    private const string Study = """
        name = quiet
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2, 3]
        training { iterations = 40, eval-every = 20, batch-size = 16, validation-size = 40 }
        methods = [ { name = imp, rounds = 1 } ]
        """;

    /// <summary>Akka's console format: "[INFO][12/07/2026 07:40:41.468Z][Thread 0018][remoting …] …".</summary>
    [GeneratedRegex(@"\[(DEBUG|INFO|WARNING|ERROR)\]\[\d")]
    private static partial Regex AkkaLine();

    private CliProcesses _processes = null!;

    [SetUp]
    public void StartGroup() => _processes = new CliProcesses();

    [TearDown]
    public void StopGroup() => _processes.Dispose();

    [Test]
    public async Task NormalEndsOfRunCoordinatorAndWorkers_PrintNothingFromAkka()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-quiet").FullName;
        var study = Path.Combine(dir, "quiet.hocon");
        File.WriteAllText(study, Study);
        // An embedded run, three times (Akka's shutdown lines raced the process exit: they came in some runs only).
        for (var i = 0; i < 3; i++)
        {
            var (exit, output, errors) = await CliProcess.RunAsync(new[] { "run", study, "--out", Path.Combine(dir, $"run{i}"), "--slots", "2", "--plain" });
            Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors);
            Assert.That(AkkaLine().IsMatch(output + errors), Is.False, output + errors);
            Assert.That(output + errors, Does.Not.Contain("Remoting").And.Not.Contain("Disassociated"));
            Assert.That(errors, Is.Empty);
        }
        // A coordinator with two workers: all three end by themselves, quietly, the workers at once when the coordinator leaves.
        var port = CliProcesses.FreePort();
        var coordinator = _processes.Start("coordinator", study, "--out", Path.Combine(dir, "cluster"), "--port", $"{port}", "--plain");
        await CliProcesses.WaitForPort(port, coordinator);
        var workers = Enumerable.Range(0, 2).Select(w => _processes.Start("worker", "--seed", $"127.0.0.1:{port}", "--cache", Path.Combine(dir, $"cache{w}"), "--slots", "1")).ToList();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3))) await coordinator.WaitForExitAsync(timeout.Token);
        var left = Stopwatch.StartNew();
        foreach (var w in workers) await w.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        TestContext.Progress.WriteLine($"workers ended {left.Elapsed.TotalSeconds:0.0} s after the coordinator");
        foreach (var p in workers.Prepend(coordinator))
        {
            var printed = _processes.OutputOf(p);
            Assert.That(p.ExitCode, Is.EqualTo(0), printed);
            Assert.That(AkkaLine().IsMatch(printed), Is.False, printed);
            Assert.That(printed, Does.Not.Contain("Remoting").And.Not.Contain("Disassociated").And.Not.Contain("err: "));
        }
        Assert.That(workers.Select(_processes.OutputOf), Is.All.Contain("the coordinator left the cluster; worker stopping"));
        var coordinatorLog = File.ReadAllLines(StudyLayout.For(Path.Combine(dir, "cluster"), "quiet").LogFile);
        Assert.That(coordinatorLog.Where(l => l.Contains(" [ERR] ", StringComparison.Ordinal)), Is.Empty, "a healthy join leaves no error in the coordinator's log");
        Assert.That(left.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)), "a graceful leave is seen at once, not after the 10 s a vanished coordinator gets");
    }

    [Test]
    public async Task AWorkerWithNobodyAtItsSeed_SaysSoAtOnce_AndExitsTwoWhenTheJoinTimeoutEnds()
    {
        var port = CliProcesses.FreePort();
        var clock = Stopwatch.StartNew();
        var (exit, output, errors) = await CliProcess.RunAsync(new[] { "worker", "--seed", $"127.0.0.1:{port}", "--cache", Directory.CreateTempSubdirectory("actorsweep-join").FullName, "--join-timeout", "3" });
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput), output + errors);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        var lines = errors.Trim().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2), errors);
        Assert.That(lines[0], Does.StartWith($"worker: nothing listens at 127.0.0.1:{port}").And.Contain("trying to join for up to 3 s"));
        Assert.That(lines[1], Does.StartWith("actorsweep: this node did not join the cluster").And.Contain("within 3 s (actorsweep.join-timeout): nothing listens at"));
        Assert.That(errors, Does.Not.Contain("unexpected error"));
    }

    [Test]
    public async Task Status_OfAStudyWhoseCoordinatorJustWentAway_FallsBackToTheJournal_WithOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-gone").FullName;
        var study = Path.Combine(dir, "quiet.hocon");
        File.WriteAllText(study, Study);
        var (exit, _, errors) = await InProcessCli.RunAsync("run", study, "--out", dir, "--slots", "2", "--plain");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors);
        var layout = StudyLayout.For(dir, "quiet");
        // The folder still names a live coordinator, but nothing listens at its address any more: it is exiting.
        using (var held = StudyLock.Acquire(layout))
        {
            held.Describe($"akka.tcp://actorsweep@127.0.0.1:{CliProcesses.FreePort()}");
            var clock = Stopwatch.StartNew();
            var (code, output, problems) = await InProcessCli.RunAsync("status", layout.Root);
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), problems);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "no join timeout waited out");
            Assert.That(problems.Trim().Split('\n'), Has.Length.EqualTo(1), problems);
            Assert.That(problems, Does.Contain("is gone (it just went away)").And.Contain("nothing listens at").And.Contain("reading the journal instead"));
            Assert.That(output, Does.StartWith("study 'quiet' (from the journal").And.Contain("6 completed"));
            Assert.That(problems + output, Does.Not.Contain("unexpected error"));
        }
    }
}
