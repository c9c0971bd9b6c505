using System.Diagnostics;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Layout;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Tests.Chaos;

/// <summary>
/// A disk that fills up mid-study: the coordinator stops with one clear line naming the failed write and what to do,
/// nothing else on the console, no temporaries left; resume (with space again) finishes every task once.
/// </summary>
[NonParallelizable]
[Category("Chaos")]
public class DiskFullTests
{
    private const string Study = """
        name = full
        dataset = synthetic
        model = lenet-64-32
        seeds = [1, 2, 3]
        training { iterations = 60, eval-every = 30, batch-size = 16, validation-size = 40 }
        methods = [ { name = imp, rounds = 5, controls = [random-reinit] } ]
        """;

    private const int Tasks = 3 * (1 + 5 + 5);

    [Test]
    public async Task ADiskThatFillsUp_StopsTheStudyWithOneClearLine_AndResumeFinishesItWithoutLeftovers()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-full").FullName;
        var small = Path.Combine(dir, "small");
        Directory.CreateDirectory(small);
        if (!Mount(small)) Assert.Ignore("cannot mount a 2 MB tmpfs here (needs root and mount rights); the leftovers test below still runs");
        try
        {
            var study = Path.Combine(dir, "full.hocon");
            File.WriteAllText(study, Study);
            var (exit, _, errors) = await InProcessCli.RunAsync("run", study, "--out", small, "--slots", "2", "--plain");
            Assert.That(exit, Is.EqualTo(ExitCodes.TasksFailed), errors);
            var lines = errors.Trim().Split('\n');
            Assert.That(lines[0], Does.Contain("the coordinator stopped").And.Contain("disk is full").And.Contain("continue with 'actorsweep resume'"));
            Assert.That(lines.Skip(1), Is.All.StartWith("the log file").Or.Empty, "at most the log's own line besides; no 'unexpected error'");
            Assert.That(errors, Does.Not.Contain("unexpected error"));
            Assert.That(Directory.GetFiles(Path.Combine(small, "full"), "*.tmp", SearchOption.AllDirectories), Is.Empty, "a failed write leaves no temporary");

            // Space again: the folder moves to a disk with room and resumes there.
            var big = Path.Combine(dir, "big", "full");
            Copy(Path.Combine(small, "full"), big);
            (exit, _, errors) = await InProcessCli.RunAsync("resume", big, "--slots", "2", "--plain");
            Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors);
            var rows = ResultReader.ReadTrials(new StudyLayout(big));
            Assert.That(rows.Select(r => r.TaskId).Distinct().Count(), Is.EqualTo(Tasks));
            Assert.That(rows, Has.Count.EqualTo(Tasks), "exactly one row per task");
            Assert.That(Directory.GetFiles(big, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        }
        finally
        {
            Process.Start("umount", small)!.WaitForExit();
        }
    }

    [Test]
    public async Task Resume_RemovesTemporariesThatFailedWritesLeftInTheArtifacts()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-leftovers").FullName;
        var study = Path.Combine(dir, "full.hocon");
        File.WriteAllText(study, Study.Replace("seeds = [1, 2, 3]", "seeds = [1]").Replace("rounds = 5", "rounds = 1"));
        var (exit, _, errors) = await InProcessCli.RunAsync("run", study, "--out", dir, "--slots", "1", "--plain");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors);
        var layout = StudyLayout.For(dir, "full");
        var task = Directory.GetDirectories(layout.ArtifactsDir).First();
        var leftovers = new[] { Path.Combine(task, "final.pt.4242.0123456789abcdef.tmp"), Path.Combine(task, "init.pt.4242.fedcba9876543210.tmp") };
        foreach (var f in leftovers) File.WriteAllBytes(f, new byte[] { 1, 2, 3 });

        (exit, _, errors) = await InProcessCli.RunAsync("resume", layout.Root, "--slots", "1", "--plain");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(leftovers.Where(File.Exists), Is.Empty);
        Assert.That(Directory.GetFiles(task).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)), Is.Not.Empty, "the artifacts themselves stay");
    }

    private static bool Mount(string at)
    {
        if (Environment.UserName != "root") return false;
        using var p = Process.Start(new ProcessStartInfo("mount", $"-t tmpfs -o size=2m tmpfs {at}") { RedirectStandardError = true, UseShellExecute = false })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    private static void Copy(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(d.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            if (!f.EndsWith("coordinator.lock", StringComparison.Ordinal)) File.Copy(f, f.Replace(from, to));
    }
}
