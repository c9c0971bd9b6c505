using System.Formats.Tar;
using System.IO.Compression;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cli.Tests.Compatibility;

/// <summary>
/// This release against what release 1 (before the method plug-ins and the DAG) computed and left behind
/// (tests/Fixtures/Release1): a study that runs every method and branch under release 1's defaults
/// (<c>--defaults-version 1</c>) gives the same rows bit for bit, and a study folder release 1 left after SIGKILL
/// resumes — under the defaults it started with, though the current ones changed — to exactly one completed
/// row per task, again with the same numbers. Runs the real CLI with libtorch's kernels pinned, as the fixtures were made.
/// </summary>
[NonParallelizable]
[Category("Compatibility")]
public class Release1Tests
{
    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Release1");

    private static readonly (string Dataset, string[] Columns)[] Datasets =
    {
        ("trials", new[] { "task_id", "method", "branch", "round", "seed", "status", "weights_remaining", "params_total", "params_nonzero", "early_stop_iteration",
            "test_accuracy_at_early_stop", "test_accuracy_final", "train_accuracy_final", "iterations", "flops_dense", "flops_sparse", "instability" }),
        ("curves", new[] { "task_id", "iteration", "train_loss", "val_loss", "val_accuracy", "test_accuracy" }),
        ("layers", new[] { "task_id", "layer", "kind", "weights_total", "weights_nonzero", "flops_dense" }),
        ("interpolation", new[] { "task_id", "alpha", "test_loss", "test_accuracy", "train_loss", "train_accuracy" }),
    };

    private static void AssertSameRowsAsRelease1(StudyLayout layout)
    {
        foreach (var (dataset, columns) in Datasets)
        {
            var expected = File.ReadAllLines(Path.Combine(Fixtures, $"legacy-{dataset}.tsv"));
            var actual = RowDump.Of(Path.Combine(layout.Root, dataset), columns);
            Assert.That(actual, Is.EqualTo(expected), $"{dataset}: every row as release 1 wrote it");
        }
    }

    [Test]
    public async Task Release1Study_UnderRelease1Defaults_RunsToTheSameRowsBitForBit()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-release1-run").FullName;
        var (exit, output, errors) = await CliProcess.RunAsync(new[] { "run", Path.Combine(Fixtures, "legacy.hocon"), "--out", dir, "--slots", "2", "--plain", "--defaults-version", "1" });
        Assert.That(exit, Is.EqualTo(0), output + errors);
        AssertSameRowsAsRelease1(StudyLayout.For(dir, "legacy"));
    }

    [Test]
    public async Task Release1CrashedFolder_Resumes_ToExactlyOneCompletedRowPerTask_WithTheSameNumbers()
    {
        var root = Directory.CreateTempSubdirectory("actorsweep-release1-resume").FullName;
        using (var file = File.OpenRead(Path.Combine(Fixtures, "legacy-crash.tgz")))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gzip, root, overwriteFiles: false);
        var layout = new StudyLayout(Path.Combine(root, "legacy"));
        var before = Directory.GetFiles(layout.TrialsDir, "*.parquet").ToDictionary(f => Path.GetFileName(f), f => File.ReadAllBytes(f));
        Assert.That(before, Is.Not.Empty);

        var (exit, output, errors) = await CliProcess.RunAsync(new[] { "resume", layout.Root, "--slots", "2", "--plain" });
        Assert.That(exit, Is.EqualTo(0), output + errors);

        var rows = RowDump.Of(layout.TrialsDir, "task_id", "status").Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.That(rows, Has.Count.EqualTo(48), "one row per task");
        Assert.That(rows.Select(r => r[0]).Distinct().Count(), Is.EqualTo(48), "none duplicated");
        Assert.That(rows.Select(r => r[1]), Is.All.EqualTo("completed"));
        foreach (var (name, bytes) in before)
            Assert.That(File.ReadAllBytes(Path.Combine(layout.TrialsDir, name)), Is.EqualTo(bytes), $"release 1's part {name} is left as it was");
        AssertSameRowsAsRelease1(layout);
    }
}
