using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cli.Commands;
using ActorSweep.Cli.Console;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Tests.Commands;

[NonParallelizable]
public class ReportCommandTests
{
    private static StudyLayout Study(string name = "rep", params int[] seeds)
    {
        if (seeds.Length == 0) seeds = new[] { 1, 2 };
        var layout = StudyLayout.For(Directory.CreateTempSubdirectory("actorsweep-report").FullName, name);
        Directory.CreateDirectory(layout.Root);
        File.WriteAllText(layout.StudyFile, $"name = {name}\ndataset = synthetic\nmodel = lenet-16-8\nseeds = [{string.Join(", ", seeds)}]\ntraining.iterations = 10\nmethods = [ {{ name = imp, rounds = 2 }} ]\n");
        var records = new List<TaskRecord>();
        var start = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
        foreach (var seed in seeds)
        {
            var h = Hparams.From(new KeyValuePair<string, object>[] { new(HparamKeys.Dataset, "synthetic"), new(HparamKeys.Model, "lenet-16-8"), new(HparamKeys.Seed, (long)seed) });
            for (var round = 0; round <= 1; round++)   // round 2 "still running": no row
            {
                var spec = new TaskSpec($"s{seed}r{round}", $"s{seed}", "rep", "imp", Branches.Main, round, seed, TaskSpec.ParentsOf(round == 0 ? null : $"s{seed}r0"), round == 0 ? null : $"s{seed}r0", h);
                var acc = 0.8 + 0.05 * round + 0.01 * seed;
                records.Add(new TaskRecord(spec, TaskStatuses.Completed, null, 1, "n", start, start.AddSeconds(3),
                    new TaskResult(Math.Pow(0.8, round), 2500, 2000, 10 * (round + 1), acc, acc, 0.9, 10, 3, "cpu",
                        new[] { new CurvePoint(0, double.NaN, 2.3, 0.1, 0.1), new CurvePoint(5, 0.5, 0.6, acc - 0.1, acc - 0.1), new CurvePoint(10, 0.3, 0.4, acc, acc) })));
            }
        }
        new ParquetResultWriter(layout, "t").WriteBatch(records);
        return layout;
    }

    [Test]
    public void Report_OfARunningStudy_WritesMarkdownAndFigures_AndSaysItIsNotFinished()
    {
        var layout = Study();
        var md = Path.Combine(layout.Root, "..", "report.md");
        var plots = Path.Combine(layout.Root, "..", "plots");
        var (code, output, errors) = InProcessCli.Run("report", layout.Root, "--format", "md", "--out", md, "--plots", plots);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var text = File.ReadAllText(md);
        Assert.That(text, Does.Contain("NOT FINISHED").And.Contain("4 of 6 tasks have a row"));
        Assert.That(text, Does.Contain("| imp | main | 80.0 | 20.0 | 86.50 ± 0.71 | 86.50 ± 0.71 | 20 ± 0 | 2 | 0 |"));
        Assert.That(output, Does.Contain("imp").And.Contain("figure file(s) written"));
        var pngs = Directory.GetFiles(plots, "*.png");
        Assert.That(pngs.Select(Path.GetFileName), Is.SupersetOf(new[] { "accuracy-lenet-16-8-synthetic.png", "final-accuracy-lenet-16-8-synthetic.png", "early-stop-lenet-16-8-synthetic.png", "curves-rep.png" }));
        foreach (var png in pngs)
        {
            var head = File.ReadAllBytes(png).Take(8).ToArray();
            Assert.That(head, Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{png} is a PNG");
            Assert.That(new FileInfo(png).Length, Is.GreaterThan(10_000), $"{png} has content");
        }
        Assert.That(Directory.GetFiles(plots, "*.svg"), Has.Length.EqualTo(pngs.Length));
        Assert.That(File.ReadAllText(Directory.GetFiles(plots, "accuracy-*.svg").Single()), Does.Contain("<svg").And.Contain("weights remaining"));
    }

    [Test]
    public void Report_BadInput_IsAClearErrorNamingThePathOrOption()
    {
        var (code, _, errors) = InProcessCli.Run("report", "/nonexistent/study");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("/nonexistent/study: no such folder"));
        var layout = Study();
        (code, _, errors) = InProcessCli.Run("report", layout.Root, "--format", "xlsx");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--format: expected text, md or csv, got 'xlsx'"));
        var empty = Directory.CreateTempSubdirectory("actorsweep-empty").FullName;
        (code, _, errors) = InProcessCli.Run("report", empty);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("not a study folder"));
    }

    [Test]
    public void Report_ComparesEachRowWithDense_InTheTablesAndTheCsv_AndRefusesAnUnknownMetricOrBaseline()
    {
        var layout = Study();
        // Round 1 is exactly 5 points above round 0 on both seeds: a difference without spread, not a test.
        var (code, output, errors) = InProcessCli.Run("report", layout.Root, "--format", "md");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(output, Does.Contain("Δ vs dense (points, 95 % CI) | p (Holm) | seeds needed |"));
        Assert.That(output, Does.Contain("| 2 | 0 | no spread (difference +5.00) |  |  |"));
        (code, output, errors) = InProcessCli.Run("report", layout.Root, "--format", "csv");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var lines = output.Split('\n');
        Assert.That(lines[0], Does.EndWith("baseline,diff_mean,diff_ci_low,diff_ci_high,p_value,p_holm,pairs,test,verdict,seeds_needed"));
        Assert.That(lines.Single(l => l.StartsWith("lenet-16-8,synthetic,imp,main,0.8,", StringComparison.Ordinal)), Does.Contain("dense @ 1,,,,,,,,no spread,"));

        (code, _, errors) = InProcessCli.Run("report", layout.Root, "--metric", "accuracy");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--metric: unknown column 'accuracy'; expected one of test_accuracy_at_early_stop, test_accuracy_final"));
        (code, _, errors) = InProcessCli.Run("report", layout.Root, "--baseline", "imp:random-reinit");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--baseline imp:random-reinit: no row of").And.Contain("has method imp and branch random-reinit").And.Contain("imp:main"));
    }

    [Test]
    public void Report_ListsNodeFaults_AndTheNodesTakenOutOfService()
    {
        var layout = Study();
        var at = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
        new ParquetResultWriter(layout, "f").WriteFaults(new[]
        {
            new NodeFaultRecord("rep", "akka.tcp://actorsweep@10.0.0.9:4100", "s1r0", 1, "cuda:0: CUDA error: device lost", at, false),
            new NodeFaultRecord("rep", "akka.tcp://actorsweep@10.0.0.9:4100", "s2r0", 1, "cuda:0: CUDA error: device lost", at.AddSeconds(5), true),
        });
        var (code, output, errors) = InProcessCli.Run("report", layout.Root);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(output, Does.Contain("node faults: rep: node akka.tcp://actorsweep@10.0.0.9:4100: 2 fault(s), the last: cuda:0: CUDA error: device lost — taken out of service at 2026-12-02 12:00:05 UTC"));
    }

    [Test]
    public void Pool_ReportsSeedSplitParts_AsOneStudy_AndRefusesASeedInTwoParts()
    {
        var one = Study("split-seed1", 1);
        var two = Study("split-seed2", 2);
        var (code, output, errors) = InProcessCli.Run("report", one.Root, two.Root, "--pool", "split", "--format", "csv");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var round1 = output.Split('\n').Select(l => l.Split(',').Select(c => c.Trim().Trim('"')).ToArray())
            .Single(c => c.Length > 11 && c[2] == "imp" && c[3] == "main" && c[4] == "0.8");
        // Seeds 1 and 2 at round 1: accuracies 0.86 and 0.87 → mean 0.865 over both seeds.
        Assert.That(double.Parse(round1[5], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(0.865).Within(1e-9));
        Assert.That(round1[11], Is.EqualTo("2"), "n = 2 seeds");

        var again = Study("split-seed1-again", 1);
        (code, _, errors) = InProcessCli.Run("report", one.Root, again.Root, "--pool", "split");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--pool split: task s1r0 has rows in split-seed1 and split-seed1-again"));
    }
}
