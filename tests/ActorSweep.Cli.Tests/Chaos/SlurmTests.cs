using System.Diagnostics;
using System.Text.RegularExpressions;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Layout;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Tests.Chaos;

/// <summary>
/// <c>run-cluster.sh --slurm</c> on a real Slurm: Debian's slurmctld, slurmd and munge started on this machine by
/// <c>scripts/slurm-local.sh</c> (a one-node cluster with two CPUs on 127.0.0.1). A small study is submitted and waited
/// for; then a job is cancelled mid-study (<c>scancel</c>) and the same command submitted again finishes it. Every task
/// must end with exactly one row. Without the Slurm packages the tests are ignored, unless
/// <c>ACTORSWEEP_REQUIRE_SLURM=1</c> (set by <c>.ci/run</c>, which installs them) makes that a failure.
/// </summary>
[NonParallelizable]
[Category("Chaos")]
public class SlurmTests
{
    private const string Study = """
        name = slurm-study
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2]
        training { iterations = 3000, eval-every = 500, batch-size = 32, validation-size = 200 }
        methods = [ { name = imp, rounds = 3 }, { name = dense } ]
        """;

    private const int Tasks = 10;
    private string _slurmDir = null!;
    private string _slurmConf = null!;
    private string _dir = null!;

    private static string RepoRoot() => ScriptProcess.RepoRoot();

    [OneTimeSetUp]
    public void StartSlurm()
    {
        var missing = new[] { "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "munged" }.Where(t => !OnPath(t)).ToList();
        string? why = missing.Count > 0 ? $"Slurm not installed ({string.Join(", ", missing)} missing: apt-get install slurmctld slurmd slurm-client munge; .ci/run does)"
            : System.Environment.UserName != "root" ? "starting slurmd needs root" : null;
        if (why is not null)
        {
            if (System.Environment.GetEnvironmentVariable("ACTORSWEEP_REQUIRE_SLURM") == "1") Assert.Fail(why);
            Assert.Ignore(why);
        }
        _slurmDir = Directory.CreateTempSubdirectory("actorsweep-slurm").FullName;
        var (code, output) = Run(Path.Combine(RepoRoot(), "scripts", "slurm-local.sh"), new[] { "start", _slurmDir, "2" }, RepoRoot(), null, TimeSpan.FromMinutes(1));
        Assert.That(code, Is.EqualTo(0), output);
        _slurmConf = Regex.Match(output, @"export SLURM_CONF=(\S+)").Groups[1].Value;
        Assert.That(File.Exists(_slurmConf), Is.True, output);
    }

    [OneTimeTearDown]
    public void StopSlurm()
    {
        if (_slurmDir is null) return;
        Run(Path.Combine(RepoRoot(), "scripts", "slurm-local.sh"), new[] { "stop", _slurmDir }, RepoRoot(), null, TimeSpan.FromMinutes(1));
        try { Directory.Delete(_slurmDir, recursive: true); } catch (IOException) { }
    }

    [SetUp]
    public void NewFolder()
    {
        _dir = Directory.CreateTempSubdirectory("actorsweep-slurm-job").FullName;
        File.WriteAllText(Path.Combine(_dir, "study.hocon"), Study);
    }

    [TearDown]
    public void RemoveFolder()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private StudyLayout Layout => StudyLayout.For(Path.Combine(_dir, "out"), "slurm-study");

    [Test]
    public async Task Submit_OneJobRunsTheStudy_OneRowPerTask_LogWhereSlurmUsersLook()
    {
        var clock = Stopwatch.StartNew();
        var (code, output) = Submit();
        Assert.That(code, Is.EqualTo(0), output);
        var job = JobId(output);
        await WaitForJobToEnd(job);
        clock.Stop();
        var log = Path.Combine(_dir, $"slurm-{job}.out");
        Assert.That(File.Exists(log), Is.True, "the job's log is slurm-<job>.out in the submit directory");
        var text = File.ReadAllText(log);
        Assert.That(text, Does.Contain($"finished: {Tasks}/{Tasks} done"));
        Assert.That(text, Does.Contain("[worker] worker akka.tcp://actorsweep@127.0.0.1:").And.Contain("2 slot(s) [cpu, cpu]"),
            "one worker on the node, its slots from the allocation's CPUs (-c 2)");
        AssertOneRowPerTask();
        TestContext.Progress.WriteLine($"slurm: {Tasks}-task study submitted and its job ended in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    public async Task CancelledJob_ResubmittingTheSameCommand_FinishesTheStudy()
    {
        var (code, output) = Submit();
        Assert.That(code, Is.EqualTo(0), output);
        var job = JobId(output);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((!Directory.Exists(Layout.TrialsDir) || ParquetResultStore.ReadTaskIds(Layout).Count < 3) && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.That(ParquetResultStore.ReadTaskIds(Layout).Count, Is.GreaterThanOrEqualTo(3), File.ReadAllText(Path.Combine(_dir, $"slurm-{job}.out")));

        var (cancelled, cancelOutput) = Run("scancel", new[] { job }, _dir, JobEnvironment(), TimeSpan.FromSeconds(30));
        Assert.That(cancelled, Is.EqualTo(0), cancelOutput);
        await WaitForJobToEnd(job);
        var before = ParquetResultStore.ReadTaskIds(Layout).Count;
        Assert.That(before, Is.LessThan(Tasks), "the job was cancelled mid-study");

        var (again, againOutput) = Submit();   // the same command
        Assert.That(again, Is.EqualTo(0), againOutput);
        await WaitForJobToEnd(JobId(againOutput));
        var text = File.ReadAllText(Path.Combine(_dir, $"slurm-{JobId(againOutput)}.out"));
        Assert.That(text, Does.Contain("resuming " + Layout.Root));
        Assert.That(text, Does.Contain($"finished: {Tasks}/{Tasks} done"));
        AssertOneRowPerTask();
    }

    [Test]
    public async Task RequeuedJob_ContinuesTheStudyByItself()
    {
        var (code, output) = Submit("--requeue");
        Assert.That(code, Is.EqualTo(0), output);
        var job = JobId(output);
        var log = Path.Combine(_dir, $"slurm-{job}.out");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((!Directory.Exists(Layout.TrialsDir) || ParquetResultStore.ReadTaskIds(Layout).Count < 3) && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.That(ParquetResultStore.ReadTaskIds(Layout).Count, Is.GreaterThanOrEqualTo(3));

        // What Slurm does to a job on a node that fails or is preempted: it stops it and queues it again, same job id.
        var (requeued, requeueOutput) = Run("scontrol", new[] { "requeue", job }, _dir, JobEnvironment(), TimeSpan.FromSeconds(30));
        Assert.That(requeued, Is.EqualTo(0), requeueOutput);
        // Slurm holds a requeued job back about two minutes (its begin time); a test need not wait for that.
        deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var state = Run("squeue", new[] { "-h", "-j", job, "-o", "%t" }, _dir, JobEnvironment(), TimeSpan.FromSeconds(30)).Output.Trim();
            if (state == "R") break;
            if (state == "PD") Run("scontrol", new[] { "update", $"JobId={job}", "StartTime=now" }, _dir, JobEnvironment(), TimeSpan.FromSeconds(30));
            await Task.Delay(500);
        }
        deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (!(File.Exists(log) && File.ReadAllText(log).Contains($"job {job}: coordinator exited")  && File.ReadAllText(log).Contains("restart 1")) && DateTime.UtcNow < deadline)
            await Task.Delay(500);
        var text = File.ReadAllText(log);
        Assert.That(text, Does.Contain($"job {job} (restart 1): resuming {Layout.Root}"), "the requeued job resumed the study");
        Assert.That(text, Does.Contain($"finished: {Tasks}/{Tasks} done"));
        AssertOneRowPerTask();
    }

    [Test]
    public void CoordinatorOutsideTheAllocation_TheJobHoldsOnlyWorkers()
    {
        var (code, output) = Run("bash", new[] { Path.Combine(RepoRoot(), "run-cluster.sh"), "--coordinator-here", "--slurm", "-N", "1", "-c", "2", "study.hocon" },
            _dir, JobEnvironment(), TimeSpan.FromMinutes(5));
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("coordinator here at 127.0.0.1:").And.Contain($"finished: {Tasks}/{Tasks} done"), "the coordinator ran in the submitting process");
        var log = File.ReadAllText(Path.Combine(_dir, $"slurm-{JobId(output)}.out"));
        Assert.That(log, Does.Contain("workers for the coordinator at 127.0.0.1:").And.Contain("[worker] worker akka.tcp://actorsweep@127.0.0.1:"));
        Assert.That(log, Does.Not.Contain("finished:"), "no coordinator in the job");
        AssertOneRowPerTask();
    }

    /// <summary>Until squeue no longer lists the job (sbatch -W polls with growing pauses, up to half a minute late).</summary>
    private async Task WaitForJobToEnd(string job)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (Run("squeue", new[] { "-h", "-j", job }, _dir, JobEnvironment(), TimeSpan.FromSeconds(30)).Output.Trim().Length > 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"job {job} still queued or running after 4 minutes");
            await Task.Delay(500);
        }
    }

    private (int Code, string Output) Submit(params string[] extraSbatch) =>
        Run("bash", new[] { Path.Combine(RepoRoot(), "run-cluster.sh"), "--slurm" }.Concat(extraSbatch).Concat(new[] { "-N", "1", "-c", "2", "study.hocon" }).ToArray(),
            _dir, JobEnvironment(), TimeSpan.FromMinutes(5));

    private Dictionary<string, string> JobEnvironment() => new()
    {
        ["SLURM_CONF"] = _slurmConf,
        ["ACTORSWEEP_CLI"] = Path.Combine(AppContext.BaseDirectory, "actorsweep.dll"),   // this build; no Release build in the job
        ["ACTORSWEEP_SLURM_HOST"] = "127.0.0.1",
        ["ACTORSWEEP_PORT"] = $"{CliProcesses.FreePort()}",
        ["ACTORSWEEP_STORE"] = "off",
    };

    private static string JobId(string sbatchOutput)
    {
        var m = Regex.Match(sbatchOutput, @"Submitted batch job (\d+)");
        Assert.That(m.Success, Is.True, sbatchOutput);
        return m.Groups[1].Value;
    }

    private void AssertOneRowPerTask()
    {
        var ids = RowDump.Of(Layout.TrialsDir, "task_id").Skip(1).ToList();
        Assert.That(ids, Has.Count.EqualTo(Tasks), "no task lost, none duplicated");
        Assert.That(ids.Distinct().Count(), Is.EqualTo(Tasks));
    }

    private static bool OnPath(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Any(d => File.Exists(Path.Combine(d, tool)));

    private static (int Code, string Output) Run(string program, string[] args, string cwd, IReadOnlyDictionary<string, string>? env, TimeSpan timeout) =>
        ScriptProcess.Run(program, args, cwd, env, timeout);
}
