using System.Diagnostics;
using System.Runtime.InteropServices;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Layout;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Tests.Chaos;

/// <summary>
/// Real processes: a study folder has one coordinator at a time (a second is refused, naming the live one;
/// status shows the live view), one SIGTERM or SIGINT ends a coordinator or a worker within 10 s with everything
/// written so far intact, and resume then finishes the study with exactly one row per task.
/// </summary>
[NonParallelizable]
[Category("Chaos")]
public class OwnershipAndSignalTests
{
    private readonly List<Process> _started = new();
    private IntPtr? _previousSigint;

    // A shell that starts a job in the background without job control starts it with SIGINT ignored, and every
    // process below inherits that (as Unix intends: Ctrl-C is not theirs). ActorSweep keeps an inherited "ignore",
    // so the workers this test signals must not inherit one: the test host takes back SIGINT's default first.
    [OneTimeSetUp]
    public void SigintNotIgnored()
    {
        if (OperatingSystem.IsLinux() && Ignores(Environment.ProcessId, 2)) _previousSigint = signal(2, IntPtr.Zero);
    }

    [OneTimeTearDown]
    public void RestoreSigint()
    {
        if (_previousSigint is { } previous) signal(2, previous);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr signal(int signum, IntPtr handler);

    /// <summary>Whether process <paramref name="pid"/> ignores signal <paramref name="signum"/> (Linux: SigIgn in /proc).</summary>
    private static bool Ignores(int pid, int signum)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (signum - 1))) != 0;
    }

    [TearDown]
    public void StopWhatWeStarted()
    {
        foreach (var p in _started.Where(p => !p.HasExited)) p.Kill(entireProcessTree: true);
        _started.Clear();
    }

    private Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actorsweep.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        var p = Process.Start(psi)!;
        var err = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (err) err.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _stderr[p] = err;
        _started.Add(p);
        return p;
    }

    private readonly Dictionary<Process, System.Text.StringBuilder> _stderr = new();

    private static void Signal(Process p, string signal) => Process.Start("kill", $"-{signal} {p.Id}")!.WaitForExit();

    private static async Task<TimeSpan> ExitWithin(Process p, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(limit);
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { Assert.Fail($"process {p.Id} still ran {limit.TotalSeconds:0} s after the signal"); }
        return clock.Elapsed;
    }


    private static (string Study, StudyLayout Layout, int Tasks) Study()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-owner").FullName;
        var study = Path.Combine(dir, "owned.hocon");
        File.WriteAllText(study, """
            name = owned
            dataset = synthetic
            model = lenet-16-8
            seeds = [1, 2, 3, 4]
            training { iterations = 3000, eval-every = 1000, batch-size = 32, validation-size = 200 }
            methods = [ { name = imp, rounds = 3 } ]
            """);
        return (study, StudyLayout.For(Path.Combine(dir, "out"), "owned"), 4 * 4);
    }

    [Test]
    public async Task ARunningStudy_RefusesASecondCoordinator_StatusShowsItLive_AndOneSigtermEndsIt_ThenResumeFinishes()
    {
        var (study, layout, tasks) = Study();
        var first = Start("run", study, "--out", Path.GetDirectoryName(layout.Root)!, "--slots", "1", "--plain");
        await CliProcesses.WaitForRows(layout, 2, first);

        var (code, _, errors) = await InProcessCli.RunAsync("resume", layout.Root, "--slots", "1", "--plain");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("the study is running under another coordinator").And.Contain($"pid {first.Id} on {Environment.MachineName}").And.Contain("akka.tcp://actorsweep@127.0.0.1:"));
        (code, _, errors) = await InProcessCli.RunAsync("coordinator", layout.Root, "--port", "0", "--plain");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain($"pid {first.Id}"));
        var (statusCode, status, _) = await InProcessCli.RunAsync("status", layout.Root);
        Assert.That(statusCode, Is.EqualTo(ExitCodes.Ok));
        Assert.That(status, Does.Contain($"(live, coordinator pid {first.Id}").And.Not.Contain("continue with 'actorsweep resume"));

        Signal(first, "TERM");
        var took = await ExitWithin(first, TimeSpan.FromSeconds(10));
        Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Terminated), _stderr[first].ToString());
        Assert.That(_stderr[first].ToString(), Does.Contain("terminated; every result written so far is in"));
        TestContext.Progress.WriteLine($"SIGTERM → exit in {took.TotalSeconds:0.0} s");
        var before = ParquetResultStore.ReadTaskIds(layout).Count;
        Assert.That(before, Is.LessThan(tasks));
        Assert.That(Directory.GetFiles(layout.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);

        (code, _, errors) = await InProcessCli.RunAsync("resume", layout.Root, "--slots", "2", "--plain");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var rows = ResultReader.ReadTrials(layout);
        Assert.That(rows.Select(r => r.TaskId).Distinct().Count(), Is.EqualTo(tasks));
        Assert.That(rows, Has.Count.EqualTo(tasks), "exactly one row per task");
        Assert.That(File.ReadAllText(layout.LogFile), Does.Contain("actorsweep"), "the coordinators logged to the study folder");
    }

    [Test]
    public async Task OneSigint_EndsAWorkerWith130_AndOneSigterm_ItsCoordinatorWith143_WithinTenSeconds()
    {
        var (study, layout, _) = Study();
        var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        var p = ((System.Net.IPEndPoint)port.LocalEndpoint).Port;
        port.Stop();
        var coordinator = Start("coordinator", study, "--out", Path.GetDirectoryName(layout.Root)!, "--port", $"{p}", "--plain");
        var worker = Start("worker", "--seed", $"127.0.0.1:{p}", "--cache", Path.Combine(Path.GetDirectoryName(layout.Root)!, "cache"), "--slots", "1");
        await CliProcesses.WaitForRows(layout, 1, coordinator);
        if (OperatingSystem.IsLinux()) Assert.That(Ignores(worker.Id, 2), Is.False, "the worker was started with SIGINT ignored");

        Signal(worker, "INT");
        await ExitWithin(worker, TimeSpan.FromSeconds(10));
        Assert.That(worker.ExitCode, Is.EqualTo(ExitCodes.Interrupted), _stderr[worker].ToString());
        Signal(coordinator, "TERM");
        await ExitWithin(coordinator, TimeSpan.FromSeconds(10));
        Assert.That(coordinator.ExitCode, Is.EqualTo(ExitCodes.Terminated), _stderr[coordinator].ToString());
        Assert.That(StudyLockIsFree(layout), Is.True, "the lock died with its process");
    }

    private static bool StudyLockIsFree(StudyLayout layout) => Cluster.Hosting.StudyLock.LiveOwner(layout) is null;
}
