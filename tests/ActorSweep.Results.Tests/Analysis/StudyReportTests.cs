using ActorSweep.Core.Tasks;
using ActorSweep.Results.Analysis;
using ActorSweep.Results.Parquet;
using ActorSweep.Results.Tests.Parquet;

namespace ActorSweep.Results.Tests.Analysis;

public class StudyReportTests
{
    [OneTimeTearDown]
    public void Cleanup() => TestRecords.DeleteAll();

    private static Report BuildFromParquet(out ActorSweep.Core.Layout.StudyLayout layout)
    {
        layout = TestRecords.NewLayout();
        new ParquetResultWriter(layout, "w").WriteBatch(SyntheticStudy.Records());
        return StudyReport.Build(new[] { ("synth", ResultReader.ReadTrials(layout)) }, new Dictionary<string, int> { ["synth"] = 40 });
    }

    [Test]
    public void Rows_AreMeanAndSampleStdOverSeeds_PerMethodVariantBranchAndLevel()
    {
        var report = BuildFromParquet(out _);
        var table = report.Tables.Single();
        Assert.That(table.Model, Is.EqualTo("lenet-300-100"));
        Assert.That(table.Rows.Select(r => r.Method).Distinct(), Is.EquivalentTo(new[] { "imp", "imp rewind-iteration=250" }), "variants split by the option that differs");

        var row = table.Rows.Single(r => r.Method == "imp" && r.Branch == "main" && r.WeightsRemaining == 0.8);
        var expected = new[] { 1, 2, 3 }.Select(s => SyntheticStudy.Accuracy(1, s, false, false)).ToArray();
        Assert.That(row.TestAccuracyAtEarlyStop!.Mean, Is.EqualTo(expected.Average()).Within(1e-12));
        Assert.That(row.TestAccuracyAtEarlyStop.Std, Is.EqualTo(0.001).Within(1e-12), "sample std of .001 steps over 3 seeds");
        Assert.That(row.EarlyStopIteration!.Mean, Is.EqualTo(1200));
        Assert.That(row.Seeds, Is.EqualTo(3));

        var failedLevel = table.Rows.Single(r => r.Method == "imp rewind-iteration=250" && r.Branch == "random-reinit" && r.WeightsRemaining == 0.64);
        Assert.That(failedLevel.Seeds, Is.EqualTo(2));
        Assert.That(failedLevel.Failures, Is.EqualTo(1));
        Assert.That(report.Failures.Single(), Does.Contain("seed 3").And.Contain("NaN"));
        Assert.That(report.Completeness.Single(), Is.EqualTo(new StudyCompleteness("synth", 30, 29, 40)));
    }

    [Test]
    public void Formats_SayWhenAStudyIsNotFinished_AndCarryTheNumbers()
    {
        var report = BuildFromParquet(out _);
        var md = ReportFormat.Markdown(report);
        Assert.That(md, Does.Contain("NOT FINISHED").And.Contain("30 of 40 tasks"));
        Assert.That(md, Does.Contain("| imp | main | 80.0 | 20.0 | 91.20 ± 0.10 | 91.10 ± 0.10 | 1200 ± 100 | 3 | 0 |"));
        var csv = ReportFormat.Csv(report).Split('\n');
        Assert.That(csv[0], Does.StartWith("model,dataset,method,branch,weights_remaining,"));
        Assert.That(csv.Count(l => l.StartsWith("lenet-300-100,fashion-mnist,imp rewind-iteration=250,random-reinit,0.64,", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(ReportFormat.Text(report), Does.Contain("imp rewind-iteration=250"));
    }

    [Test]
    public void WeightLevels_AreRoundedOnceForDisplay_FromTheRowsOwnValues()
    {
        // Grouped by the level rounded to 4 decimals (0.0185, 0.1375), then printed with one: 1.848 % showed as "1.9" and
        // 13.7459 % as "13.8". The shown value is the rows' own, rounded once.
        var records = SyntheticStudy.Records(rounds: 2, withFailure: false)
            .Select(r => r.Spec.Round == 0 || r.Result is null ? r
                : r with { Result = r.Result with { WeightsRemaining = r.Spec.Round == 1 ? 0.137459 : 0.01848 } })
            .ToList();
        var layout = TestRecords.NewLayout();
        new ParquetResultWriter(layout, "w").WriteBatch(records);
        var md = ReportFormat.Markdown(StudyReport.Build(new[] { ("synth", ResultReader.ReadTrials(layout)) }));
        Assert.That(md, Does.Contain("| imp | main | 1.8 | 98.2 |").And.Contain("| imp | main | 13.7 | 86.3 |"));
        Assert.That(md, Does.Not.Contain("| 1.9 |").And.Not.Contain("| 13.8 |"));
    }

    [Test]
    public void RetrainingOptions_TellVariantsApart()
    {
        // The same method with and without a retraining { } block: two variants, not one row averaging both.
        var records = SyntheticStudy.Records(withFailure: false)
            .Select(r => r.Spec.Hparams.Contains(HparamKeys.RewindIteration)
                ? r with { Spec = r.Spec with { Hparams = r.Spec.Hparams.Without(HparamKeys.RewindIteration).With("retraining.label-smoothing", 0.1) } }
                : r)
            .ToList();
        var layout = TestRecords.NewLayout();
        new ParquetResultWriter(layout, "w").WriteBatch(records);
        var table = StudyReport.Build(new[] { ("synth", ResultReader.ReadTrials(layout)) }).Tables.Single();
        Assert.That(table.Rows.Select(r => r.Method).Distinct(), Is.EquivalentTo(new[] { "imp", "imp retraining.label-smoothing=0.1" }));
    }

    [Test]
    public void SeveralStudies_AreComparedInOneTable_LabelledByStudy()
    {
        var a = TestRecords.NewLayout();
        var b = TestRecords.NewLayout();
        new ParquetResultWriter(a, "w").WriteBatch(SyntheticStudy.Records("first", withFailure: false));
        new ParquetResultWriter(b, "w").WriteBatch(SyntheticStudy.Records("second", rounds: 1, withFailure: false));
        var report = StudyReport.Build(new[] { ("first", ResultReader.ReadTrials(a)), ("second", ResultReader.ReadTrials(b)) });
        var methods = report.Tables.Single().Rows.Select(r => r.Method).Distinct().ToList();
        Assert.That(methods, Is.SupersetOf(new[] { "first: imp", "second: imp", "second: imp rewind-iteration=250" }));
        Assert.That(report.Completeness.Select(c => c.Tasks), Is.All.Null, "graph sizes unknown here");
    }

    [Test]
    public void LevelsWithinOnePercent_AreOneLevel_ImpRoundsAndGridSparsitiesStayApart()
    {
        // COLT's round-6 intersections of two seeds (15.76 %, 15.70 %), IMP's 20 % steps, a grid's 2 % and 1 %.
        var merged = StudyReport.MergeLevels(new[] { 0.1576, 0.157, 0.8, 0.64, 0.02, 0.01, 0.157 });
        Assert.That(merged[0.1576], Is.EqualTo(0.1573));
        Assert.That(merged[0.157], Is.EqualTo(0.1573));
        Assert.That((merged[0.8], merged[0.64], merged[0.02], merged[0.01]), Is.EqualTo((0.8, 0.64, 0.02, 0.01)));
    }

    private static TrialRow Row(string task, string method, string branch, int seed, double weights, double accuracy, string hparams, int? drawnAt = null) =>
        new(ResultSchema.Version, "s", "trial-" + task, task, null, method, branch, "lenet-300-100", "mnist", seed, 1, weights, 100, 50, 1000, accuracy, accuracy, 0.99,
            2000, 1.0, "n", "cpu", "completed", null, 1, hparams, DateTime.UnixEpoch, DateTime.UnixEpoch)
        { Metrics = Measurements.Of(("ticket_drawn_at", drawnAt), ("training_saved", drawnAt is { } d ? (3000 - d) / 3000.0 : null)) };

    [Test]
    public void TrainingOptionsThatDifferWithinAMethod_SplitItsRows_AndEarlyBirdsDrawIsReported()
    {
        const string noisy = """{"method.name":"imp","training.label-noise.kind":"random","training.label-noise.fraction":0.2}""";
        const string clean = """{"method.name":"imp"}""";
        var rows = new[]
        {
            Row("a", "imp", "main", 1, 0.5, 0.90, noisy), Row("b", "imp", "main", 1, 0.5, 0.97, clean),
            Row("c", "early-bird", "main", 1, 1.0, 0.88, """{"method.name":"early-bird"}""", drawnAt: 600),
            Row("d", "early-bird", "main", 2, 1.0, 0.89, """{"method.name":"early-bird"}""", drawnAt: 800),
        };
        var report = StudyReport.Build(new[] { ("s", (IReadOnlyList<TrialRow>)rows) });
        var table = report.Tables.Single();
        Assert.That(table.Rows.Select(r => r.Method), Is.SupersetOf(new[] { "imp", "imp training.label-noise.fraction=0.2 training.label-noise.kind=random" }),
            "noisy and clean training at one level are two rows, not one mean");
        Assert.That(table.Rows.Single(r => r.Method == "imp").TestAccuracyFinal!.Mean, Is.EqualTo(0.97));
        var eb = table.Rows.Single(r => r.Method == "early-bird");
        Assert.That((eb.Measurements["ticket_drawn_at"].Mean, eb.Measurements["training_saved"].Mean), Is.EqualTo((700.0, (2400 + 2200) / 2.0 / 3000)).Using<(double, double)>((x, y) =>
            Math.Abs(x.Item1 - y.Item1) < 1e-9 && Math.Abs(x.Item2 - y.Item2) < 1e-9));
        Assert.That(ReportFormat.Markdown(report), Does.Contain("ticket drawn at it.").And.Contain("| 700 ± 141 | 76.7 ± 4.7 |"));
    }
}
