using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;
using Parquet;
using Parquet.Schema;
using static ActorSweep.Results.Tests.Parquet.TestRecords;

namespace ActorSweep.Results.Tests.Parquet;

public class ResultReaderTests
{
    [Test]
    public void ReadTaskIds_AcrossPartsAndWriters_ReturnsEveryTaskWithARowWhateverItsStatus()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "a").WriteBatch(new[] { Completed(), Failed() });
        new ParquetResultWriter(layout, "b").WriteBatch(new[] { Skipped() });

        Assert.That(ResultReader.ReadTaskIds(layout), Is.EquivalentTo(new[] { "aaaa", "bbbb", "cccc" }));
    }

    [Test]
    public void ReadTaskIds_BeforeAnythingWasWritten_IsEmpty()
    {
        Assert.That(ResultReader.ReadTaskIds(NewLayout()), Is.Empty);
    }

    [Test]
    public void ReadTaskIds_WithAPartStillBeingWritten_IgnoresTheTemporary()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "a").WriteBatch(new[] { Completed() });
        File.WriteAllText(Path.Combine(layout.TrialsDir, "part-000002-a.parquet.tmp"), "PAR1 half a file");

        Assert.That(ResultReader.ReadTaskIds(layout), Is.EquivalentTo(new[] { "aaaa" }));
    }

    [Test]
    public void ReadTrials_RoundTripsEveryColumnOfEveryStatus()
    {
        var layout = NewLayout();
        var records = Mixed();
        new ParquetResultWriter(layout, "a").WriteBatch(records);

        var rows = ResultReader.ReadTrials(layout);

        var c = records[0];
        Assert.That(rows, Has.Count.EqualTo(3));
        Assert.That(rows.Select(r => r.ParentTaskIds), Is.EqualTo(new[] { Array.Empty<string>(), new[] { "aaaa" }, new[] { "bbbb" } }));
        rows = rows.Select(r => r with { ParentTaskIds = null }).ToList();
        Assert.That(rows[0], Is.EqualTo(new TrialRow(ResultSchema.Version, "study-x", "trial1", "aaaa", null, "imp", Branches.Main, "lenet-300-100", "mnist", 7, 0,
            0.8, 266_610, 213_570, 3000, 0.981, 0.979, 0.995, 5000, 90.25, c.Node, "cpu", TaskStatuses.Completed, null, 1, c.Spec.Hparams.ToJson(),
            Start, Start.AddSeconds(90.5)) { CompressionRatio = 266_610 / 213_570.0 }), "compression = all / non-zero parameters; no FLOPs were given");
        Assert.That(rows[1], Is.EqualTo(new TrialRow(ResultSchema.Version, "study-x", "trial1", "bbbb", "aaaa", "imp", Branches.Main, "lenet-300-100", "mnist", 7, 1,
            null, null, null, null, null, null, null, null, 2.0, records[1].Node, null, TaskStatuses.Failed, records[1].Error, 3, c.Spec.Hparams.ToJson(),
            Start, Start.AddSeconds(2))));
        Assert.That(rows[2].Status, Is.EqualTo(TaskStatuses.Skipped));
        Assert.That(rows[2].WallSeconds, Is.Null);
        Assert.That(rows.Select(r => r.StartedAt.Kind), Is.All.EqualTo(DateTimeKind.Utc));
        Assert.That(Hparams.FromJson(rows[0].Hparams), Is.EqualTo(c.Spec.Hparams), "hparams survive the trip exactly");
    }

    [Test]
    public void ReadCurves_OmitsAPartWhoseTrialsPartIsMissing()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "a");
        writer.WriteBatch(new[] { Completed("aaaa") });
        writer.WriteBatch(new[] { Completed("dddd") });
        File.Delete(Path.Combine(layout.TrialsDir, "part-000002-a.parquet"));

        var curves = ResultReader.ReadCurves(layout);

        Assert.That(curves.Select(r => r.TaskId), Is.All.EqualTo("aaaa"));
        Assert.That(curves.Select(r => r.Iteration), Is.EqualTo(new[] { 0, 500, 1000 }));
        Assert.That(curves[0].TrainLoss, Is.Null);
        Assert.That(curves[2], Is.EqualTo(new CurveRow(ResultSchema.Version, "study-x", "aaaa", 1000, 0.1, 0.09, 0.975, 0.974)));
    }

    [Test]
    public async Task ReadTrials_PartWrittenBeforeAColumnExisted_ReadsThatColumnAsNull()
    {
        var layout = NewLayout();
        Directory.CreateDirectory(layout.TrialsDir);
        var older = ResultSchema.Trials.Columns.Where(c => c.Field.Name != "device").ToList();
        var rows = ResultSchema.Trials.RowsOf(new[] { Completed() });
        await using (var stream = File.Create(Path.Combine(layout.TrialsDir, "part-000001-old.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(older.Select(c => (Field)c.Field).ToArray()), stream))
        using (var group = writer.CreateRowGroup())
        {
            foreach (var column in older) await column.Prepare(rows)(group);
        }

        var read = ResultReader.ReadTrials(layout).Single();

        Assert.That(read.Device, Is.Null);
        Assert.That(read.TaskId, Is.EqualTo("aaaa"));
        Assert.That(read.WeightsRemaining, Is.EqualTo(0.8));
    }

    [Test]
    public async Task ReadTrials_SchemaFivePart_WithoutMetrics_ReadsEarlyBirdsColumnsIntoMetrics()
    {
        var layout = NewLayout();
        Directory.CreateDirectory(layout.TrialsDir);
        var drawn = Completed() with { Result = Completed().Result! with { Measurements = Measurements.Of(("ticket_drawn_at", 600), ("training_saved", 0.8)) } };
        var plain = Completed() with { Spec = Completed().Spec with { TaskId = "dddd" } };
        var version5 = ResultSchema.Trials.Columns.Where(c => c.Field.Name != "metrics").ToList();
        var rows = ResultSchema.Trials.RowsOf(new[] { drawn, plain });
        await using (var stream = File.Create(Path.Combine(layout.TrialsDir, "part-000001-old.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(version5.Select(c => (Field)c.Field).ToArray()), stream))
        using (var group = writer.CreateRowGroup())
        {
            foreach (var column in version5) await column.Prepare(rows)(group);
        }
        new ParquetResultWriter(layout, "new").WriteBatch(new[] { drawn with { Spec = drawn.Spec with { TaskId = "eeee" } } });

        var read = ResultReader.ReadTrials(layout).ToDictionary(r => r.TaskId);

        var expected = Measurements.Of(("ticket_drawn_at", 600), ("training_saved", 0.8));
        Assert.That(read["aaaa"].Metrics, Is.EqualTo(expected), "a schema-5 part: from its ticket_drawn_at and training_saved columns");
        Assert.That(read["eeee"].Metrics, Is.EqualTo(expected), "a schema-6 part: from metrics");
        Assert.That(read["dddd"].Metrics, Is.Empty);
    }

    [Test]
    public void Measurements_RefuseNonFiniteAndRepeatedNames_AndCompareByValue()
    {
        Assert.Throws<ArgumentException>(() => Measurements.Of(("x", double.NaN)));
        Assert.Throws<ArgumentException>(() => Measurements.Of(("x", 1), ("x", 2)));
        Assert.That(Measurements.Of(("b", 2), ("a", 1)), Is.EqualTo(Measurements.Of(("a", 1), ("b", 2), ("c", null))));
        Assert.That(Measurements.Of(("a", 1)).Keys, Is.EqualTo(new[] { "a" }));
    }
}
