using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.IO.Compression;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;

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
        AssertResultsVersionPinned(StudyLayout.For(dir, "legacy"));
        AssertSameRowsAsRelease1(StudyLayout.For(dir, "legacy"));
    }

    /// <summary>
    /// The task store reuses a result only under the results version it was trained with, so a change that alters any
    /// number must bump <see cref="ResultsVersion.Current"/>: the rows this build computes for the fixture study must have
    /// the digest recorded for its results version in tests/Fixtures/results-versions.tsv.
    /// </summary>
    private static void AssertResultsVersionPinned(StudyLayout layout)
    {
        var lines = Datasets.SelectMany(d => RowDump.Of(Path.Combine(layout.Root, d.Dataset), d.Columns));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
        var recorded = File.ReadAllLines(Path.Combine(Fixtures, "..", "results-versions.tsv")).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t')).ToDictionary(f => int.Parse(f[0], CultureInfo.InvariantCulture), f => f[1]);
        Assert.That(recorded.ContainsKey(ResultsVersion.Current), $"results version {ResultsVersion.Current} has no line in results-versions.tsv; add: {ResultsVersion.Current}\t{digest}");
        Assert.That(digest, Is.EqualTo(recorded[ResultsVersion.Current]),
            $"this build computes other numbers than results version {ResultsVersion.Current} did: bump ResultsVersion.Current to {ResultsVersion.Current + 1} " +
            $"and add the line '{ResultsVersion.Current + 1}\t{digest}' to tests/Fixtures/results-versions.tsv (else the task store would hand out the old numbers as this build's)");
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
