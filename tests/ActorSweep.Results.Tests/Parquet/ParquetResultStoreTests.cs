using System.Text.Json;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;
using ParquetSharp;

namespace ActorSweep.Results.Tests.Parquet;

public class ParquetResultStoreTests
{
    private static readonly DateTime Start = new(2026, 11, 22, 10, 0, 0, 123, DateTimeKind.Utc);

    private static TaskSpec Spec(string id, string? parent = null, int round = 0) => new(id, "trial1", "study-x", "imp", Branches.Main, round, 7, parent, parent,
        Hparams.From(new KeyValuePair<string, object>[] { new(HparamKeys.Dataset, "mnist"), new(HparamKeys.Model, "lenet-300-100"), new(HparamKeys.LearningRate, 0.0012), new(HparamKeys.Seed, 7L) }));

    internal static IReadOnlyList<TaskRecord> Records() => new[]
    {
        new TaskRecord(Spec("aaaa"), TaskStatuses.Completed, null, 1, "akka.tcp://actorsweep@127.0.0.1:1", Start, Start.AddSeconds(90.5),
            new TaskResult(0.8, 266_610, 213_570, 3000, 0.981, 0.979, 0.995, 5000, 90.5, "cpu", new[]
            {
                new CurvePoint(0, double.NaN, 2.31, 0.1, 0.098), new CurvePoint(500, 0.4, 0.2, 0.95, 0.951), new CurvePoint(1000, 0.1, 0.09, 0.975, 0.974),
            })),
        new TaskRecord(Spec("bbbb", "aaaa", 1), TaskStatuses.Failed, "training loss is NaN at iteration 3", 3, "akka.tcp://actorsweep@127.0.0.1:2", Start, Start.AddSeconds(2), null),
        new TaskRecord(Spec("cccc", "bbbb", 2), TaskStatuses.Skipped, "not run: task bbbb failed", 0, "", Start.AddSeconds(2), Start.AddSeconds(2), null),
    };

    private static StudyLayout NewLayout() => new(Directory.CreateTempSubdirectory("actorsweep-results").FullName);

    [Test]
    public void Write_TrialsPart_ReadsBackWithArrowsReaderWithTheDocumentedTypes()
    {
        var layout = NewLayout();
        new ParquetResultStore(layout, "host-1").Write(Records());
        var part = Directory.GetFiles(layout.TrialsDir, "*.parquet").Single();
        using var file = new ParquetFileReader(part);
        var schema = file.FileMetaData.Schema;
        Assert.That(file.FileMetaData.NumRows, Is.EqualTo(3));
        var columns = Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i)).ToDictionary(c => c.Name);
        Assert.That(columns.Keys, Is.SupersetOf(new[] { "study", "trial_id", "task_id", "parent_task_id", "method", "branch", "model", "dataset", "seed", "round",
            "weights_remaining", "params_total", "params_nonzero", "early_stop_iteration", "test_accuracy_at_early_stop", "test_accuracy_final",
            "train_accuracy_final", "iterations", "wall_seconds", "node", "device", "status", "error", "attempt", "hparams", "started_at", "finished_at", "schema_version" }));
        var ts = (TimestampLogicalType)columns["started_at"].LogicalType;
        Assert.That(ts.IsAdjustedToUtc, Is.True);
        Assert.That(ts.TimeUnit, Is.EqualTo(TimeUnit.Millis));
        Assert.That(columns["task_id"].LogicalType, Is.TypeOf<StringLogicalType>());
        Assert.That(columns["hparams"].LogicalType, Is.TypeOf<StringLogicalType>());
        Assert.That(columns["weights_remaining"].PhysicalType, Is.EqualTo(PhysicalType.Double));
        Assert.That(columns["params_total"].PhysicalType, Is.EqualTo(PhysicalType.Int64));
        Assert.That(columns["seed"].PhysicalType, Is.EqualTo(PhysicalType.Int32));

        using var group = file.RowGroup(0);
        int Index(string name) => Enumerable.Range(0, schema.NumColumns).Single(i => schema.Column(i).Name == name);
        var status = group.Column(Index("status")).LogicalReader<string>().ReadAll(3);
        var remaining = group.Column(Index("weights_remaining")).LogicalReader<double?>().ReadAll(3);
        var error = group.Column(Index("error")).LogicalReader<string?>().ReadAll(3);
        var started = group.Column(Index("started_at")).LogicalReader<DateTime>().ReadAll(3);
        var hparams = group.Column(Index("hparams")).LogicalReader<string>().ReadAll(3);
        var parent = group.Column(Index("parent_task_id")).LogicalReader<string?>().ReadAll(3);
        Assert.That(status, Is.EqualTo(new[] { "completed", "failed", "skipped" }));
        Assert.That(remaining, Is.EqualTo(new double?[] { 0.8, null, null }));
        Assert.That(error[0], Is.Null);
        Assert.That(error[1], Does.Contain("NaN"));
        Assert.That(parent, Is.EqualTo(new string?[] { null, "aaaa", "bbbb" }));
        Assert.That(started[0], Is.EqualTo(Start), "millisecond precision survives");
        using var json = JsonDocument.Parse(hparams[0]);
        Assert.That(json.RootElement.GetProperty("training.lr").GetDouble(), Is.EqualTo(0.0012));
        Assert.That(json.RootElement.GetProperty("dataset").GetString(), Is.EqualTo("mnist"));
    }

    [Test]
    public void Write_Curves_HasOneRowPerEvaluationAndNullForTheMissingFirstTrainLoss()
    {
        var layout = NewLayout();
        new ParquetResultStore(layout, "h").Write(Records());
        using var file = new ParquetFileReader(Directory.GetFiles(layout.CurvesDir, "*.parquet").Single());
        Assert.That(file.FileMetaData.NumRows, Is.EqualTo(3));
        using var group = file.RowGroup(0);
        var schema = file.FileMetaData.Schema;
        int Index(string name) => Enumerable.Range(0, schema.NumColumns).Single(i => schema.Column(i).Name == name);
        Assert.That(group.Column(Index("iteration")).LogicalReader<int>().ReadAll(3), Is.EqualTo(new[] { 0, 500, 1000 }));
        Assert.That(group.Column(Index("train_loss")).LogicalReader<double?>().ReadAll(3)[0], Is.Null);
        Assert.That(group.Column(Index("test_accuracy")).LogicalReader<double?>().ReadAll(3)[2], Is.EqualTo(0.974));
    }

    [Test]
    public void Write_LeavesNoTemporaryFiles_AndSequencesContinueAcrossWriters()
    {
        var layout = NewLayout();
        new ParquetResultStore(layout, "a").Write(Records().Take(1).ToList());
        new ParquetResultStore(layout, "b").Write(Records().Skip(1).ToList());
        var parts = Directory.GetFiles(layout.TrialsDir).Select(Path.GetFileName).Order().ToArray();
        Assert.That(parts, Is.EqualTo(new[] { "part-000001-a.parquet", "part-000002-b.parquet" }));
        Assert.That(Directory.GetFiles(layout.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        Assert.That(ParquetResultStore.ReadTaskIds(layout), Is.EquivalentTo(new[] { "aaaa", "bbbb", "cccc" }));
    }

    [Test]
    public void Open_RemovesTemporariesLeftByACrashWithoutTouchingFinishedParts()
    {
        var layout = NewLayout();
        new ParquetResultStore(layout, "a").Write(Records());
        File.WriteAllText(Path.Combine(layout.TrialsDir, "part-000002-a.parquet.tmp"), "half a file");
        new ParquetResultStore(layout, "a");
        Assert.That(Directory.GetFiles(layout.TrialsDir, "*.tmp"), Is.Empty);
        Assert.That(ParquetResultStore.ReadTaskIds(layout), Has.Count.EqualTo(3));
    }

    [Test]
    public void Write_LocalTime_IsRejectedRatherThanStoredAsAWrongInstant()
    {
        var layout = NewLayout();
        var local = Records()[0] with { StartedAt = DateTime.SpecifyKind(Start, DateTimeKind.Local) };
        Assert.Throws<InvalidOperationException>(() => new ParquetResultStore(layout, "a").Write(new[] { local }));
        Assert.That(Directory.GetFiles(layout.TrialsDir, "*.parquet"), Is.Empty, "nothing half-written under a final name");
    }
}
