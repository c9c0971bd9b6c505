using ActorSweep.Core.Tasks;
using ActorSweep.Results.Analysis;
using ActorSweep.Results.Parquet;
using ActorSweep.Results.Tests.Parquet;
using DuckDB.NET.Data;

namespace ActorSweep.Results.Tests.Analysis;

/// <summary>
/// The Parquet contract as an outside reader sees it: DuckDB (DuckDB.NET, the DuckDB engine) reads every
/// dataset folder as it is, with the documented types, parses the hparams JSON, and its own
/// accuracy-vs-sparsity query gives the same numbers as <c>actorsweep report</c>. ParquetSharp
/// (Arrow C++, pandas' engine) reads the same parts.
/// </summary>
[NonParallelizable]
public class DuckDbContractTests
{
    private ActorSweep.Core.Layout.StudyLayout _layout = null!;

    [OneTimeSetUp]
    public void WriteStudy()
    {
        _layout = TestRecords.NewLayout();
        var writer = new ParquetResultWriter(_layout, "w");
        var records = SyntheticStudy.Records();
        writer.WriteBatch(records.Take(10).ToList());
        writer.WriteBatch(records.Skip(10).ToList());
        // An LMC pair, for the interpolation dataset.
        var lmc = records[0] with
        {
            Spec = records[0].Spec with { TaskId = "lmcpair", Branch = Branches.Lmc, Method = "lmc" },
            Result = records[0].Result! with
            {
                Interpolation = Enumerable.Range(0, 5).Select(i => new InterpolationPoint(i / 4.0, 0.3 + 0.01 * i, 0.9 - 0.01 * Math.Sin(i * Math.PI / 4), 0.2, 0.95)).ToArray(),
                Instability = 0.01,
            },
        };
        writer.WriteBatch(new[] { lmc });
        // An ensemble of three members and a COLT intersection, for the combinations dataset.
        var ensemble = records[1] with
        {
            Spec = records[1].Spec with { TaskId = "ensemble1", Branch = "ensemble", Method = "dst-ensemble", ParentTaskIds = new[] { "m1", "m2", "m3" } },
            Result = records[1].Result! with { Combination = new CombinationResult("ensemble", 3, 3, 0.93, 0.21, 0.91, 0.915, 0.26, 0.08, 0.05) },
        };
        var colt = records[2] with
        {
            Spec = records[2].Spec with { TaskId = "colt1", Branch = "full", Method = "colt", ParentTaskIds = new[] { "p0", "p1" } },
            Result = records[2].Result! with
            {
                Combination = new CombinationResult("mask-intersection", 2, 2, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN) { MaskOverlap = 0.62 },
            },
        };
        writer.WriteBatch(new[] { ensemble, colt });
        // An Early-Bird search run with its two declared measurements, for the metrics map.
        var earlyBird = records[3] with
        {
            Spec = records[3].Spec with { TaskId = "earlybird1", Method = "early-bird" },
            Result = records[3].Result! with { Measurements = Measurements.Of(("ticket_drawn_at", 600), ("training_saved", 0.8)) },
            ReusedFrom = "earlier @ /runs/earlier",
        };
        writer.WriteBatch(new[] { earlyBird });
        // Two tasks of another model (their own report table) measured under corruptions and attacks, for the robustness dataset.
        RobustnessPoint[] Shifted(double scale) => new[]
        {
            new RobustnessPoint(RobustnessPoint.EarlyStop, RobustnessPoint.Corruption, "fog", 5, null, null, 600, 0.5 * scale),
            new RobustnessPoint(RobustnessPoint.EarlyStop, RobustnessPoint.Corruption, "stripe", 0, null, null, 600, 0.7 * scale),
            new RobustnessPoint(RobustnessPoint.EarlyStop, RobustnessPoint.Attack, "pgd", 0, 0.3, 40, 100, 0.1 * scale),
            new RobustnessPoint(RobustnessPoint.Final, RobustnessPoint.Corruption, "fog", 5, null, null, 600, 0.45 * scale),
            new RobustnessPoint(RobustnessPoint.Final, RobustnessPoint.Corruption, "stripe", 0, null, null, 600, 0.65 * scale),
            new RobustnessPoint(RobustnessPoint.Final, RobustnessPoint.Attack, "pgd", 0, 0.3, 40, 100, 0.05 * scale),
        };
        writer.WriteBatch(new[]
        {
            records[4] with { Spec = records[4].Spec with { TaskId = "shifted1", Method = "dense", Hparams = records[4].Spec.Hparams.With(HparamKeys.Model, "lenet-10-10") }, Result = records[4].Result! with { Robustness = Shifted(1) } },
            records[5] with { Spec = records[5].Spec with { TaskId = "shifted2", Method = "dense", Hparams = records[5].Spec.Hparams.With(HparamKeys.Model, "lenet-10-10") }, Result = records[5].Result! with { Robustness = Shifted(0.8) } },
        });
    }

    [OneTimeTearDown]
    public void Cleanup() => TestRecords.DeleteAll();

    private static DuckDBConnection Open()
    {
        var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        return c;
    }

    private static List<object?[]> Query(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private string Glob(string dataset) => Path.Combine(_layout.Root, dataset, "*.parquet").Replace("'", "''");

    [Test]
    public void Trials_ColumnTypes_AreWhatTheDocumentPromises()
    {
        using var c = Open();
        var types = Query(c, $"DESCRIBE SELECT * FROM read_parquet('{Glob("trials")}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.That(types["started_at"], Is.EqualTo("TIMESTAMP WITH TIME ZONE"));
        Assert.That(types["finished_at"], Is.EqualTo("TIMESTAMP WITH TIME ZONE"));
        Assert.That(types["hparams"], Is.EqualTo("VARCHAR"));
        Assert.That(types["task_id"], Is.EqualTo("VARCHAR"));
        Assert.That(types["weights_remaining"], Is.EqualTo("DOUBLE"));
        Assert.That(types["test_accuracy_at_early_stop"], Is.EqualTo("DOUBLE"));
        Assert.That(types["seed"], Is.EqualTo("INTEGER"));
        Assert.That(types["params_total"], Is.EqualTo("BIGINT"));
        Assert.That(types["schema_version"], Is.EqualTo("INTEGER"));
        Assert.That(types["parent_task_ids"], Is.EqualTo("VARCHAR[]"));
        Assert.That(types["metrics"], Is.EqualTo("MAP(VARCHAR, DOUBLE)"));
        Assert.That(types["reused_from"], Is.EqualTo("VARCHAR"));
        Assert.That(types.Keys, Is.EquivalentTo(ResultSchema.Trials.Columns.Select(col => col.Field.Name)));
        var utc = Query(c, $"SELECT min(started_at) AT TIME ZONE 'UTC' FROM read_parquet('{Glob("trials")}')").Single()[0];
        Assert.That(utc, Is.EqualTo(SyntheticStudy.Start));
    }

    [Test]
    public void ParentTaskIds_IsAListThatDuckDbUnnests_AgreeingWithParentTaskId()
    {
        using var c = Open();
        var rows = Query(c, $"""
            SELECT task_id, len(parent_task_ids), parent_task_ids[1] IS NOT DISTINCT FROM parent_task_id
            FROM read_parquet('{Glob("trials")}') ORDER BY task_id
            """);
        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows.Select(r => (bool)r[2]!), Is.All.True, "the first parent is parent_task_id");
        Assert.That(rows.Where(r => (long)r[1]! == 0).Select(r => (string)r[0]!), Is.Not.Empty, "roots have an empty list");
        var unnested = Query(c, $"SELECT count(*) FROM (SELECT unnest(parent_task_ids) FROM read_parquet('{Glob("trials")}'))").Single()[0];
        var withParent = Query(c, $"SELECT count(parent_task_id) FROM read_parquet('{Glob("trials")}')").Single()[0];
        Assert.That(Convert.ToInt64(unnested), Is.EqualTo(Convert.ToInt64(withParent) + 2 + 1), "one per parent: the ensemble's 3 and COLT's 2 add 2 and 1 to the first parents");
    }

    [Test]
    public void ReusedFrom_NamesWhereAReusedRowWasTrained_NullForRowsTrainedHere()
    {
        using var c = Open();
        var rows = Query(c, $"SELECT task_id, reused_from FROM read_parquet('{Glob("trials")}') WHERE reused_from IS NOT NULL");
        Assert.That(rows.Select(r => ((string)r[0]!, (string)r[1]!)), Is.EqualTo(new[] { ("earlybird1", "earlier @ /runs/earlier") }));
        var trainedHere = Query(c, $"SELECT count(*) FROM read_parquet('{Glob("trials")}') WHERE reused_from IS NULL").Single()[0];
        Assert.That(Convert.ToInt64(trainedHere), Is.GreaterThan(0));
        Assert.That(ResultReader.ReadTrials(_layout).Single(r => r.TaskId == "earlybird1").ReusedFrom, Is.EqualTo("earlier @ /runs/earlier"));
    }

    [Test]
    public void Metrics_IsAMapThatDuckDbReads_EmptyForRowsWithoutMeasurements_AndTheFrozenColumnsAgree()
    {
        using var c = Open();
        var rows = Query(c, $"""
            SELECT task_id, cardinality(metrics), metrics['ticket_drawn_at'], metrics['training_saved'], ticket_drawn_at, training_saved
            FROM read_parquet('{Glob("trials")}') ORDER BY task_id
            """);
        var eb = rows.Single(r => (string)r[0]! == "earlybird1");
        Assert.That((Convert.ToInt64(eb[1]), Convert.ToDouble(eb[2]), Convert.ToDouble(eb[3])), Is.EqualTo((2L, 600.0, 0.8)));
        Assert.That((Convert.ToInt32(eb[4]), Convert.ToDouble(eb[5])), Is.EqualTo((600, 0.8)), "the version-5 columns hold the same values");
        Assert.That(rows.Where(r => (string)r[0]! != "earlybird1").Select(r => Convert.ToInt64(r[1])), Is.All.EqualTo(0L), "an empty map, not null");
        Assert.That(rows.Where(r => (string)r[0]! != "earlybird1").Select(r => r[2]), Is.All.Null);
        var fromReader = ResultReader.ReadTrials(_layout).Single(r => r.TaskId == "earlybird1").Metrics;
        Assert.That(fromReader, Is.EqualTo(Measurements.Of(("ticket_drawn_at", 600), ("training_saved", 0.8))));
    }

    [Test]
    public void Hparams_IsJsonThatDuckDbParses()
    {
        using var c = Open();
        var rows = Query(c, $"""
            SELECT json_extract_string(hparams, '$."training.lr"'), json_extract(hparams, '$."method.rewind-iteration"')::BIGINT, count(*)
            FROM read_parquet('{Glob("trials")}') WHERE method = 'imp' GROUP BY ALL ORDER BY 2 NULLS FIRST
            """);
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0][0], Is.EqualTo("0.0012"));
        Assert.That(rows[0][1], Is.Null);
        Assert.That(rows[1][1], Is.EqualTo(250L));
    }

    [Test]
    public void DuckDbAccuracyTable_EqualsTheReport()
    {
        using var c = Open();
        var sql = $"""
            SELECT method || coalesce(' rewind-iteration=' || json_extract(hparams, '$."method.rewind-iteration"')::VARCHAR, '') AS label,
                   branch, round(weights_remaining, 4) AS level,
                   avg(test_accuracy_at_early_stop), stddev_samp(test_accuracy_at_early_stop),
                   avg(early_stop_iteration), count(DISTINCT seed)
            FROM read_parquet('{Glob("trials")}', union_by_name = true)
            WHERE status = 'completed' AND method = 'imp'
            GROUP BY ALL ORDER BY label, branch, level DESC
            """;
        var duck = Query(c, sql);
        var report = StudyReport.Build(new[] { ("synth", ResultReader.ReadTrials(_layout).Where(r => r.Method == "imp").ToList() as IReadOnlyList<TrialRow>) });
        var rows = report.Tables.Single().Rows.Where(r => r.Seeds > 0).ToDictionary(r => (r.Method, r.Branch, r.WeightsRemaining));
        Assert.That(duck, Has.Count.EqualTo(rows.Count));
        foreach (var d in duck)
        {
            var key = ((string)d[0]!, (string)d[1]!, Convert.ToDouble(d[2]));
            Assert.That(rows.ContainsKey(key), Is.True, $"{key} in the report");
            var r = rows[key];
            Assert.That(r.TestAccuracyAtEarlyStop!.Mean, Is.EqualTo(Convert.ToDouble(d[3])).Within(1e-12), $"{key} mean");
            if (d[4] is null) Assert.That(r.TestAccuracyAtEarlyStop.Std, Is.Null);
            else Assert.That(r.TestAccuracyAtEarlyStop.Std, Is.EqualTo(Convert.ToDouble(d[4])).Within(1e-12), $"{key} std");
            Assert.That(r.EarlyStopIteration!.Mean, Is.EqualTo(Convert.ToDouble(d[5])).Within(1e-9));
            Assert.That(r.Seeds, Is.EqualTo(Convert.ToInt32(d[6])));
        }
    }

    [TestCase("trials")]
    [TestCase("curves")]
    [TestCase("layers")]
    [TestCase("interpolation")]
    [TestCase("combinations")]
    [TestCase("robustness")]
    public void EveryDataset_ReadsWithDuckDbAndParquetSharp_WithTheSameRowCount(string dataset)
    {
        using var c = Open();
        var duckRows = Convert.ToInt64(Query(c, $"SELECT count(*) FROM read_parquet('{Glob(dataset)}')").Single()[0]);
        var arrowRows = Directory.GetFiles(Path.Combine(_layout.Root, dataset), "*.parquet").Sum(p => { using var f = new ArrowFile(p); return f.RowCount; });
        Assert.That(duckRows, Is.GreaterThan(0));
        Assert.That(duckRows, Is.EqualTo(arrowRows));
        var columns = Query(c, $"DESCRIBE SELECT * FROM read_parquet('{Glob(dataset)}')").Select(r => (string)r[0]!).ToList();
        Assert.That(columns[0], Is.EqualTo("schema_version"));
        Assert.That(Query(c, $"SELECT DISTINCT schema_version FROM read_parquet('{Glob(dataset)}')").Single()[0], Is.EqualTo(ResultSchema.Version));
    }

    [Test]
    public void Layers_DensityIsNonzeroOverTotal_InDuckDb()
    {
        using var c = Open();
        var bad = Query(c, $"SELECT count(*) FROM read_parquet('{Glob("layers")}') WHERE abs(density - weights_nonzero / weights_total) > 1e-12");
        Assert.That(Convert.ToInt64(bad.Single()[0]), Is.Zero);
        var types = Query(c, $"DESCRIBE SELECT * FROM read_parquet('{Glob("layers")}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.That(types["weights_total"], Is.EqualTo("BIGINT"));
        Assert.That(types["layer"], Is.EqualTo("VARCHAR"));
    }

    [Test]
    public void Robustness_ReadsInDuckDb_AsDocumented_AndTheReportsMeanCorruptionAccuracyIsDuckDbsAverage()
    {
        using var c = Open();
        var mean = Query(c, $"SELECT task_id, avg(accuracy) FROM read_parquet('{Glob("robustness")}') WHERE kind = 'corruption' AND point = 'early-stop' GROUP BY task_id ORDER BY task_id");
        Assert.That(mean.Select(r => ((string)r[0]!, Math.Round(Convert.ToDouble(r[1]), 12))), Is.EqualTo(new[] { ("shifted1", 0.6), ("shifted2", 0.48) }));
        var attack = Query(c, $"SELECT severity, epsilon, steps, examples, typeof(epsilon), typeof(steps) FROM read_parquet('{Glob("robustness")}') WHERE name = 'pgd' LIMIT 1").Single();
        Assert.That(attack, Is.EqualTo(new object?[] { 0, 0.3, 40, 100, "DOUBLE", "INTEGER" }));
        Assert.That(Query(c, $"SELECT count(*) FROM read_parquet('{Glob("robustness")}') WHERE kind = 'corruption' AND epsilon IS NULL AND steps IS NULL").Single()[0], Is.EqualTo(8L));

        var rows = ResultReader.WithShiftMeasurements(ResultReader.ReadTrials(_layout), ResultReader.ReadRobustness(_layout));
        var shifted = rows.Single(r => r.TaskId == "shifted1").Metrics;
        Assert.That((shifted.Get("mean_corruption_accuracy")!.Value, shifted.Get("pgd_accuracy"), shifted.Get("fgsm_accuracy")), Is.EqualTo((0.6, (double?)0.1, (double?)null)).Using<(double, double?, double?)>((a, b) =>
            Math.Abs(a.Item1 - b.Item1) < 1e-12 && a.Item2 == b.Item2 && a.Item3 == b.Item3), "the early-stop point's figures");
        Assert.That(rows.Where(r => r.TaskId is not ("shifted1" or "shifted2")).All(r => r.Metrics.Get("mean_corruption_accuracy") is null), Is.True);
        var text = ReportFormat.Text(StudyReport.Build(new[] { ("synth", rows) }));
        Assert.That(text, Does.Contain("mean corruption acc %").And.Contain("PGD acc %"));
    }

    [Test]
    public void Combinations_ReadInDuckDb_WithNullsWhereACombinationHasNoSuchMetric_AndTheReportAgrees()
    {
        using var c = Open();
        var rows = Query(c, $"SELECT task_id, kind, members, test_accuracy, disagreement, mask_overlap FROM read_parquet('{Glob("combinations")}') ORDER BY task_id");
        Assert.That(rows.Select(r => ((string)r[0]!, (string)r[1]!, (int)r[2]!)), Is.EqualTo(new[] { ("colt1", "mask-intersection", 2), ("ensemble1", "ensemble", 3) }));
        Assert.That(rows[0][3], Is.Null, "COLT's intersection has no accuracy of its own");
        Assert.That(rows[0][5], Is.EqualTo(0.62));
        Assert.That((rows[1][3], rows[1][4], rows[1][5]), Is.EqualTo(((object?)0.93, (object?)0.08, (object?)null)));
        var joined = Query(c, $"SELECT t.method, t.branch FROM read_parquet('{Glob("combinations")}') k JOIN read_parquet('{Glob("trials")}', union_by_name = true) t USING (task_id) ORDER BY t.method");
        Assert.That(joined.Select(r => ((string)r[0]!, (string)r[1]!)), Is.EqualTo(new[] { ("colt", "full"), ("dst-ensemble", "ensemble") }));

        var report = StudyReport.Build(new[] { ("synth", ResultReader.ReadTrials(_layout)) }, null,
            new Dictionary<string, IReadOnlyList<CombinationRow>> { ["synth"] = ResultReader.ReadCombinations(_layout) });
        var combined = report.CombinedTables.Single().Rows;
        Assert.That(combined.Single(r => r.Kind == "ensemble").TestAccuracy!.Mean, Is.EqualTo(0.93));
        Assert.That(combined.Single(r => r.Kind == "ensemble").MemberMeanTestAccuracy!.Mean, Is.EqualTo(0.91));
        Assert.That(combined.Single(r => r.Kind == "mask-intersection").MaskOverlap!.Mean, Is.EqualTo(0.62));
        var md = ReportFormat.Markdown(report);
        Assert.That(md, Does.Contain("combined networks").And.Contain("| dst-ensemble | ensemble | ensemble |").And.Contain("| 93.00 | 91.00 | 91.50 |"));
        Assert.That(md, Does.Contain("mask overlap (IoU) %").And.Contain("| 62.0 |"));
    }
}
