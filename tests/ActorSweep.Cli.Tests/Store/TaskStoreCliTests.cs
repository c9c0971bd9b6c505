using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cli.Tests.Store;

/// <summary>
/// The task store through the real CLI and real training: a study run twice into different folders trains nothing the
/// second time and gives the same rows bit for bit (with <c>reused_from</c> set); an entry whose artifact was damaged is
/// trained again; a study folder whose artifact changed on disk is repaired from the store on resume, or — without a store —
/// the task that reads it fails naming the file instead of training from different weights.
/// </summary>
[NonParallelizable]
[Category("Store")]
public class TaskStoreCliTests
{
    private const string Study = """
        name = stored
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training { iterations = 300, eval-every = 100, batch-size = 32, validation-size = 200 }
        methods = [ { name = imp, rounds = 3, controls = [random-reinit] } ]
        """;

    private const int Tasks = 1 + 3 * 2;

    // Every figure a trained task writes; the rest (study, node, times, attempt, reused_from) says where and when.
    private static readonly string[] Figures =
    {
        "task_id", "method", "branch", "round", "seed", "status", "weights_remaining", "params_total", "params_nonzero", "early_stop_iteration",
        "test_accuracy_at_early_stop", "test_accuracy_final", "train_accuracy_final", "iterations", "flops_dense", "flops_sparse",
    };

    private static readonly Dictionary<string, string> Pinned = new(CliProcess.PinnedKernels) { ["ACTORSWEEP_STORE"] = "off" };

    private static (string Dir, string StudyFile, string Store) Folder()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-store-cli").FullName;
        var file = Path.Combine(dir, "stored.hocon");
        File.WriteAllText(file, Study);
        return (dir, file, Path.Combine(dir, "store"));
    }

    private static async Task<(string Output, StudyLayout Layout)> Run(string studyFile, string outDir, params string[] more)
    {
        var (exit, output, errors) = await CliProcess.RunAsync(new[] { "run", studyFile, "--out", outDir, "--slots", "2", "--plain" }.Concat(more).ToArray(), Pinned);
        Assert.That(exit, Is.EqualTo(0), output + errors);
        return (output + errors, StudyLayout.For(outDir, "stored"));
    }

    private static IReadOnlyList<string> ReusedFrom(StudyLayout layout) => RowDump.Of(layout.TrialsDir, "reused_from").Skip(1).ToList();

    [Test]
    public async Task SecondRunIntoAnotherFolder_TrainsNothing_SameRowsBitForBit_ReusedFromSet()
    {
        var (dir, file, store) = Folder();
        var (_, first) = await Run(file, Path.Combine(dir, "a"), "--store", store);
        Assert.That(ReusedFrom(first), Is.All.EqualTo("null"), "trained here");

        var (_, validate, _) = await CliProcess.RunAsync(new[] { "validate", file, "--store", store }, Pinned);
        Assert.That(validate, Does.Contain($"holds {Tasks} of the {Tasks} task(s)"));

        var (output, second) = await Run(file, Path.Combine(dir, "b"), "--store", store);
        Assert.That(output, Does.Contain($"({Tasks} reused)"));
        Assert.That(RowDump.Of(second.TrialsDir, Figures), Is.EqualTo(RowDump.Of(first.TrialsDir, Figures)), "the same figures bit for bit");
        Assert.That(RowDump.Of(second.CurvesDir, "task_id", "iteration", "train_loss", "val_loss", "val_accuracy", "test_accuracy"),
            Is.EqualTo(RowDump.Of(first.CurvesDir, "task_id", "iteration", "train_loss", "val_loss", "val_accuracy", "test_accuracy")));
        Assert.That(ReusedFrom(second), Is.All.EqualTo($"stored @ {first.Root}"));
        var (_, status, _) = await CliProcess.RunAsync(new[] { "status", second.Root }, Pinned);
        Assert.That(status, Does.Contain($"({Tasks} reused from the task store)"), "status, from the journal");
        var (_, report, _) = await CliProcess.RunAsync(new[] { "report", second.Root }, Pinned);
        Assert.That(report, Does.Contain($"{Tasks} completed ({Tasks} reused from the task store)"));
        foreach (var task in Directory.GetDirectories(first.ArtifactsDir).Select(Path.GetFileName))
            foreach (var pt in Directory.GetFiles(Path.Combine(first.ArtifactsDir, task!), "*.pt"))
                Assert.That(File.ReadAllBytes(Path.Combine(second.ArtifactsDir, task!, Path.GetFileName(pt))), Is.EqualTo(File.ReadAllBytes(pt)), pt);

        // An entry whose artifact no longer matches its checksum is not used: that task (and what depends on it) is trained.
        var blob = Directory.GetFiles(Path.Combine(store, "blobs"), "*", SearchOption.AllDirectories).First();
        using (var f = new FileStream(blob, FileMode.Open, FileAccess.Write)) { f.Position = f.Length / 2; f.Write(new byte[64]); }
        var (damaged, third) = await Run(file, Path.Combine(dir, "c"), "--store", store);
        Assert.That(damaged, Does.Contain("fails its checksum"));
        Assert.That(ReusedFrom(third), Has.Some.EqualTo("null"), "retrained");
        Assert.That(RowDump.Of(third.TrialsDir, Figures), Is.EqualTo(RowDump.Of(first.TrialsDir, Figures)), "retrained to the same figures");

        var (_, noReuse) = await Run(file, Path.Combine(dir, "d"), "--store", store, "--no-reuse");
        Assert.That(ReusedFrom(noReuse), Is.All.EqualTo("null"), "--no-reuse trains every task");
    }

    [Test]
    public async Task ArtifactChangedInTheStudyFolderBeforeResume_IsPutBackFromTheStore_OrFailsTheReaderNamingTheFile()
    {
        var (dir, file, store) = Folder();
        var (_, clean) = await Run(file, Path.Combine(dir, "clean"), "--store", "off");

        // Crash a study after its first rows, as SIGKILL would.
        using var processes = new CliProcesses();
        var outDir = Path.Combine(dir, "crashed");
        var layout = StudyLayout.For(outDir, "stored");
        Environment.SetEnvironmentVariable("ACTORSWEEP_STORE", store);
        var run = processes.Start("run", file, "--out", outDir, "--slots", "1", "--plain");
        Environment.SetEnvironmentVariable("ACTORSWEEP_STORE", "off");
        await CliProcesses.WaitForRows(layout, 2, run);
        // A task is stored just after its row is durable: kill once the store has caught up with the rows, so that the
        // round whose weights change below is in it (a task without an entry is the reader-fails case further down).
        int Stored() => Directory.Exists(Path.Combine(store, "tasks")) ? Directory.GetFiles(Path.Combine(store, "tasks"), "*.json", SearchOption.AllDirectories).Length : 0;
        while (Stored() < RowDump.Of(layout.TrialsDir, "task_id").Count - 1) await Task.Delay(20);
        run.Kill(entireProcessTree: true);
        await run.WaitForExitAsync();
        var done = RowDump.Of(layout.TrialsDir, "task_id").Skip(1).ToHashSet();
        Assert.That(done.Count, Is.LessThan(Tasks), "killed mid-study");

        // What a user's disk did: the weights of the latest completed round changed after they were written.
        var latest = RowDump.Of(layout.TrialsDir, "task_id", "round", "branch").Skip(1).Select(l => l.Split('\t'))
            .Where(r => r[2] == Core.Tasks.Branches.Main).OrderBy(r => int.Parse(r[1])).Last();
        Assert.That(int.Parse(latest[1]), Is.LessThan(3), "the next round, which reads its weights, is still to run");
        var final = layout.Artifact(latest[0], ArtifactNames.Final);
        using (var f = new FileStream(final, FileMode.Open, FileAccess.Write)) { f.Position = f.Length / 2; f.Write(new byte[256]); }
        var copy = Path.Combine(dir, "copy");
        CopyDirectory(outDir, copy);
        var copyLayout = StudyLayout.For(copy, "stored");

        var (exit, output, errors) = await CliProcess.RunAsync(new[] { "resume", layout.Root, "--slots", "1", "--plain", "--store", store }, Pinned);
        Assert.That(exit, Is.EqualTo(0), output + errors);
        Assert.That(output, Does.Contain("put back from the task store"));
        Assert.That(RowDump.Of(layout.TrialsDir, Figures), Is.EqualTo(RowDump.Of(clean.TrialsDir, Figures)), "every task as a clean run computes it");

        (exit, output, errors) = await CliProcess.RunAsync(new[] { "resume", copyLayout.Root, "--slots", "1", "--plain", "--store", "off" }, Pinned);
        Assert.That(exit, Is.Not.EqualTo(0), "without a store the study cannot repair the file");
        Assert.That(output + errors, Does.Contain(copyLayout.Artifact(latest[0], ArtifactNames.Final)).And.Contain("changed after it was written"));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(d.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            if (!f.EndsWith("coordinator.lock", StringComparison.Ordinal)) File.Copy(f, f.Replace(from, to));
    }
}
