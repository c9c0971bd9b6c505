using System.Text.Json;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;
using ParquetSharp;
using static ActorSweep.Results.Tests.Parquet.TestRecords;

namespace ActorSweep.Results.Tests.Parquet;

public class ParquetResultWriterTests
{
    private static readonly string[] RequiredStrings = { "study", "trial_id", "task_id", "method", "branch", "model", "dataset", "node", "status", "hparams" };
    private static readonly string[] OptionalStrings = { "parent_task_id", "device", "error", "reused_from" };
    private static readonly string[] RequiredInt32 = { "schema_version", "seed", "round", "attempt", "defaults_version" };
    private static readonly string[] OptionalInt32 = { "early_stop_iteration", "iterations", "ticket_drawn_at" };
    private static readonly string[] OptionalInt64 = { "params_total", "params_nonzero" };
    private static readonly string[] OptionalDoubles = { "weights_remaining", "test_accuracy_at_early_stop", "test_accuracy_final", "train_accuracy_final", "wall_seconds", "flops_dense", "flops_sparse", "compression_ratio", "flop_speedup", "instability", "training_saved" };

    private static string TrialsPart(Core.Layout.StudyLayout layout) => Directory.GetFiles(layout.TrialsDir, "*.parquet").Single();

    [Test]
    public void WriteBatch_TrialsPart_HasEveryDocumentedColumnWithItsPhysicalAndLogicalTypeAndNullability()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "host-1").WriteBatch(Mixed());

        using var file = new ArrowFile(TrialsPart(layout));
        var c = file.Columns;
        Assert.That(file.RowCount, Is.EqualTo(3));
        Assert.That(c.Keys, Is.EquivalentTo(RequiredStrings.Concat(OptionalStrings).Concat(RequiredInt32).Concat(OptionalInt32).Concat(OptionalInt64)
            .Concat(OptionalDoubles).Append("started_at").Append("finished_at").Append("parent_task_ids").Append("metrics")));
        Assert.Multiple(() =>
        {
            foreach (var n in RequiredStrings.Concat(OptionalStrings))
            {
                Assert.That(c[n].PhysicalType, Is.EqualTo(PhysicalType.ByteArray), n);
                Assert.That(c[n].LogicalType, Is.TypeOf<StringLogicalType>(), n);
            }
            foreach (var n in RequiredInt32.Concat(OptionalInt32)) Assert.That(c[n].PhysicalType, Is.EqualTo(PhysicalType.Int32), n);
            foreach (var n in OptionalInt64) Assert.That(c[n].PhysicalType, Is.EqualTo(PhysicalType.Int64), n);
            foreach (var n in OptionalDoubles) Assert.That(c[n].PhysicalType, Is.EqualTo(PhysicalType.Double), n);
            foreach (var n in RequiredStrings.Concat(RequiredInt32).Append("started_at").Append("finished_at"))
                Assert.That(c[n].SchemaNode.Repetition, Is.EqualTo(Repetition.Required), n);
            foreach (var n in OptionalStrings.Concat(OptionalInt32).Concat(OptionalInt64).Concat(OptionalDoubles))
                Assert.That(c[n].SchemaNode.Repetition, Is.EqualTo(Repetition.Optional), n);
            var parents = c["parent_task_ids"];
            Assert.That(parents.Path.ToDotString(), Is.EqualTo("parent_task_ids.list.element"), "the standard three-level LIST");
            Assert.That(parents.SchemaNode.Parent!.Parent!.LogicalType, Is.TypeOf<ListLogicalType>());
            Assert.That(parents.PhysicalType, Is.EqualTo(PhysicalType.ByteArray));
            Assert.That(parents.LogicalType, Is.TypeOf<StringLogicalType>());
            var metrics = c["metrics"];
            Assert.That(metrics.Path.ToDotString(), Is.EqualTo("metrics.key_value.key"), "the standard MAP: repeated key_value of key and value");
            Assert.That(metrics.SchemaNode.Parent!.Parent!.LogicalType, Is.TypeOf<MapLogicalType>());
            Assert.That(metrics.PhysicalType, Is.EqualTo(PhysicalType.ByteArray));
            foreach (var n in new[] { "started_at", "finished_at" })
            {
                Assert.That(c[n].PhysicalType, Is.EqualTo(PhysicalType.Int64), $"{n} is not legacy INT96");
                var ts = c[n].LogicalType as TimestampLogicalType;
                Assert.That(ts, Is.Not.Null, n);
                Assert.That(ts!.IsAdjustedToUtc, Is.True, n);
                Assert.That(ts.TimeUnit, Is.EqualTo(TimeUnit.Millis), n);
            }
        });
    }

    [Test]
    public void WriteBatch_CompletedFailedAndSkipped_ReadBackWithArrowsReaderWithNullMetricsUnlessCompleted()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "host-1").WriteBatch(Mixed());

        using var file = new ArrowFile(TrialsPart(layout));
        Assert.Multiple(() =>
        {
            Assert.That(file.Read<int>("schema_version"), Is.All.EqualTo(ResultSchema.Version));
            Assert.That(file.Read<string>("task_id"), Is.EqualTo(new[] { "aaaa", "bbbb", "cccc" }));
            Assert.That(file.Read<string?>("parent_task_id"), Is.EqualTo(new string?[] { null, "aaaa", "bbbb" }));
            Assert.That(file.Read<string[]>("parent_task_ids"), Is.EqualTo(new[] { Array.Empty<string>(), new[] { "aaaa" }, new[] { "bbbb" } }), "a root has an empty list, not null");
            Assert.That(file.Read<string>("status"), Is.EqualTo(new[] { "completed", "failed", "skipped" }));
            Assert.That(file.Read<string>("dataset"), Is.All.EqualTo("mnist"));
            Assert.That(file.Read<string>("model"), Is.All.EqualTo("lenet-300-100"));
            Assert.That(file.Read<int>("round"), Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(file.Read<int>("seed"), Is.All.EqualTo(7));
            Assert.That(file.Read<int>("attempt"), Is.EqualTo(new[] { 1, 3, 0 }));
            Assert.That(file.Read<double?>("weights_remaining"), Is.EqualTo(new double?[] { 0.8, null, null }));
            Assert.That(file.Read<long?>("params_total"), Is.EqualTo(new long?[] { 266_610, null, null }));
            Assert.That(file.Read<long?>("params_nonzero"), Is.EqualTo(new long?[] { 213_570, null, null }));
            Assert.That(file.Read<int?>("early_stop_iteration"), Is.EqualTo(new int?[] { 3000, null, null }));
            Assert.That(file.Read<double?>("test_accuracy_at_early_stop"), Is.EqualTo(new double?[] { 0.981, null, null }));
            Assert.That(file.Read<double?>("test_accuracy_final"), Is.EqualTo(new double?[] { 0.979, null, null }));
            Assert.That(file.Read<double?>("train_accuracy_final"), Is.EqualTo(new double?[] { 0.995, null, null }));
            Assert.That(file.Read<int?>("iterations"), Is.EqualTo(new int?[] { 5000, null, null }));
            Assert.That(file.Read<double?>("wall_seconds"), Is.EqualTo(new double?[] { 90.25, 2.0, null }), "trainer's time; failed attempt's elapsed time; never ran");
            Assert.That(file.Read<string?>("device"), Is.EqualTo(new string?[] { "cpu", null, null }));
            Assert.That(file.Read<string?>("error"), Is.EqualTo(new string?[] { null, "training loss is NaN at iteration 3", "not run: task bbbb failed" }));
            Assert.That(file.Read<string>("node"), Is.EqualTo(new[] { "akka.tcp://actorsweep@127.0.0.1:1", "akka.tcp://actorsweep@127.0.0.1:2", "" }));
            Assert.That(file.Read<DateTime>("started_at"), Is.EqualTo(new[] { Start, Start, Start.AddSeconds(2) }));
            Assert.That(file.Read<DateTime>("finished_at"), Is.EqualTo(new[] { Start.AddSeconds(90.5), Start.AddSeconds(2), Start.AddSeconds(2) }));
        });
    }

    [Test]
    public void WriteBatch_HparamsColumn_HoldsJsonThatSystemTextJsonParses()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "h").WriteBatch(Mixed());

        using var file = new ArrowFile(TrialsPart(layout));
        using var json = JsonDocument.Parse(file.Read<string>("hparams")[0]);
        var root = json.RootElement;
        Assert.That(root.GetProperty(HparamKeys.LearningRate).GetDouble(), Is.EqualTo(0.0012));
        Assert.That(root.GetProperty(HparamKeys.Dataset).GetString(), Is.EqualTo("mnist"));
        Assert.That(root.GetProperty(HparamKeys.Seed).GetInt64(), Is.EqualTo(7));
        Assert.That(root.GetProperty(HparamKeys.Nesterov).GetBoolean(), Is.True);
        Assert.That(root.GetProperty(HparamKeys.LrMilestones).EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new long[] { 100, 200 }));
    }

    [Test]
    public void WriteBatch_SubMillisecondTimes_AreTruncatedToTheMillisecond()
    {
        var layout = NewLayout();
        var precise = Start.AddTicks(9_999);
        new ParquetResultWriter(layout, "h").WriteBatch(new[] { Completed() with { StartedAt = precise, FinishedAt = precise.AddTicks(5) } });

        using var file = new ArrowFile(TrialsPart(layout));
        Assert.That(file.Read<DateTime>("started_at")[0].Ticks, Is.EqualTo(Start.Ticks));
        Assert.That(file.Read<DateTime>("finished_at")[0].Ticks, Is.EqualTo(Start.AddMilliseconds(1).Ticks));
    }

    [Test]
    public void WriteBatch_CurvesPart_HasOneRowPerEvaluationWithNaNWrittenAsNull()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "h").WriteBatch(Mixed());

        using var file = new ArrowFile(Directory.GetFiles(layout.CurvesDir, "*.parquet").Single());
        var c = file.Columns;
        Assert.That(file.ColumnNames, Is.EqualTo(new[] { "schema_version", "study", "task_id", "iteration", "train_loss", "val_loss", "val_accuracy", "test_accuracy" }));
        Assert.That(c["iteration"].PhysicalType, Is.EqualTo(PhysicalType.Int32));
        Assert.That(c["task_id"].LogicalType, Is.TypeOf<StringLogicalType>());
        Assert.That(c["train_loss"].PhysicalType, Is.EqualTo(PhysicalType.Double));
        Assert.That(file.RowCount, Is.EqualTo(3), "only the completed task has a curve");
        Assert.That(file.Read<string>("task_id"), Is.All.EqualTo("aaaa"));
        Assert.That(file.Read<int>("iteration"), Is.EqualTo(new[] { 0, 500, 1000 }));
        Assert.That(file.Read<double?>("train_loss"), Is.EqualTo(new double?[] { null, 0.4, 0.1 }));
        Assert.That(file.Read<double?>("val_loss"), Is.EqualTo(new double?[] { 2.31, 0.2, 0.09 }));
        Assert.That(file.Read<double?>("val_accuracy"), Is.EqualTo(new double?[] { 0.1, 0.95, 0.975 }));
        Assert.That(file.Read<double?>("test_accuracy"), Is.EqualTo(new double?[] { 0.098, 0.951, 0.974 }));
    }

    [Test]
    public void WriteBatch_WithoutCurvePoints_WritesATrialsPartAndNoCurvesPart()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "h").WriteBatch(new[] { Failed(), Skipped() });

        Assert.That(Names(layout.TrialsDir), Is.EqualTo(new[] { "part-000001-h.parquet" }));
        Assert.That(Names(layout.CurvesDir), Is.Empty);
    }

    [Test]
    public void WriteBatch_EveryPartsFooter_NamesItsDatasetAndSchemaVersion()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "h").WriteBatch(Mixed());

        using var trials = new ArrowFile(TrialsPart(layout));
        using var curves = new ArrowFile(Directory.GetFiles(layout.CurvesDir).Single());
        Assert.That(trials.Metadata["actorsweep.dataset"], Is.EqualTo("trials"));
        Assert.That(curves.Metadata["actorsweep.dataset"], Is.EqualTo("curves"));
        Assert.That(trials.Metadata["actorsweep.schema_version"], Is.EqualTo(ResultSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void WriteBatch_LeavesNoTemporaryFilesAndNamesABatchsPartsAlike()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "h");
        writer.WriteBatch(Mixed());
        writer.WriteBatch(new[] { Completed("dddd") });

        Assert.That(Directory.GetFiles(layout.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        Assert.That(Names(layout.TrialsDir), Is.EqualTo(new[] { "part-000001-h.parquet", "part-000002-h.parquet" }));
        Assert.That(Names(layout.CurvesDir), Is.EqualTo(Names(layout.TrialsDir)));
        Assert.That(writer.LastSequence, Is.EqualTo(2));
    }

    [Test]
    public void WriteBatch_EmptyBatch_WritesNothing()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "h");
        writer.WriteBatch(Array.Empty<TaskRecord>());

        Assert.That(Names(layout.TrialsDir), Is.Empty);
        Assert.That(writer.LastSequence, Is.Zero);
    }

    [Test]
    public void Constructor_AfterExistingParts_ContinuesTheirSequenceWhateverTheirWriter()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "a").WriteBatch(new[] { Completed() });
        new ParquetResultWriter(layout, "b").WriteBatch(new[] { Failed() });
        new ParquetResultWriter(layout, "a").WriteBatch(new[] { Skipped() });

        Assert.That(Names(layout.TrialsDir), Is.EqualTo(new[] { "part-000001-a.parquet", "part-000002-b.parquet", "part-000003-a.parquet" }));
    }

    [Test]
    public void Constructor_RemovesTemporariesLeftByACrashWithoutTouchingFinishedParts()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "a").WriteBatch(Mixed());
        File.WriteAllText(Path.Combine(layout.TrialsDir, "part-000002-a.parquet.tmp"), "half a file");
        File.WriteAllText(Path.Combine(layout.CurvesDir, "part-000002-a.parquet.tmp"), "half a file");

        var writer = new ParquetResultWriter(layout, "a");

        Assert.That(Directory.GetFiles(layout.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        Assert.That(Names(layout.TrialsDir), Is.EqualTo(new[] { "part-000001-a.parquet" }));
        Assert.That(Names(layout.CurvesDir), Is.EqualTo(new[] { "part-000001-a.parquet" }));
        Assert.That(writer.LastSequence, Is.EqualTo(1));
    }

    [Test]
    public void Constructor_RemovesACurvesPartWhoseTrialsPartNeverLanded_SoTheRerunDoesNotDuplicateIt()
    {
        var layout = NewLayout();
        new ParquetResultWriter(layout, "a").WriteBatch(new[] { Completed() });
        new ParquetResultWriter(layout, "a").WriteBatch(new[] { Completed("dddd") });
        File.Delete(Path.Combine(layout.TrialsDir, "part-000002-a.parquet")); // crashed between the two renames

        var writer = new ParquetResultWriter(layout, "b");

        Assert.That(Names(layout.CurvesDir), Is.EqualTo(new[] { "part-000001-a.parquet" }));
        Assert.That(writer.LastSequence, Is.EqualTo(2), "a name a reader may have seen is not reused");
    }

    [Test]
    public void WriteBatch_LocalTime_IsRejectedBeforeAnyFileIsWritten()
    {
        var layout = NewLayout();
        var local = Completed() with { FinishedAt = DateTime.SpecifyKind(Start, DateTimeKind.Local) };

        Assert.That(() => new ParquetResultWriter(layout, "a").WriteBatch(new[] { local }), Throws.InvalidOperationException.With.Message.Contains("finished_at"));
        Assert.That(Directory.GetFiles(layout.Root, "*", SearchOption.AllDirectories), Is.Empty, "not even the curves part, which comes first");
    }

    [Test]
    public void Constructor_WriterIdWithPathCharacters_IsMadeSafeForAFileName()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "host/1:4053");
        writer.WriteBatch(new[] { Failed() });

        Assert.That(writer.WriterId, Is.EqualTo("host-1-4053"));
        Assert.That(Names(layout.TrialsDir), Is.EqualTo(new[] { "part-000001-host-1-4053.parquet" }));
    }

    [Test]
    public void WriteBatch_WhileAnotherReaderGlobsParts_NeverShowsItAnIncompleteFile()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "w") { CompactionFanIn = 0 };   // compaction has its own test (CompactionTests)
        var done = false;
        var opened = 0;
        var reader = Task.Run(() =>
        {
            while (!Volatile.Read(ref done))
            {
                foreach (var part in Directory.GetFiles(layout.TrialsDir, "*.parquet"))
                {
                    using var file = new ArrowFile(part);
                    Assert.That(file.RowCount, Is.EqualTo(3));
                    opened++;
                }
            }
        });
        for (var i = 0; i < 100; i++) writer.WriteBatch(new[] { Completed($"a{i}"), Failed($"b{i}"), Skipped($"c{i}") });
        Volatile.Write(ref done, true);

        Assert.That(reader.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(opened, Is.GreaterThan(0));
        Assert.That(ResultReader.ReadTaskIds(layout), Has.Count.EqualTo(300));
    }

    [Test]
    public void WriteFaults_AreAFaultsPart_ThatArrowAndTheReaderRead()
    {
        var layout = NewLayout();
        var at = new DateTime(2026, 12, 2, 10, 0, 0, 250, DateTimeKind.Utc);
        var faults = new[]
        {
            new NodeFaultRecord("study-x", "akka.tcp://actorsweep@10.0.0.2:4100", "aaaa", 1, "cuda:0: CUDA error: device lost", at, false),
            new NodeFaultRecord("study-x", "akka.tcp://actorsweep@10.0.0.2:4100", "bbbb", 2, "out of memory", at.AddSeconds(1), true),
        };
        new ParquetResultWriter(layout, "w").WriteFaults(faults);
        var part = Directory.GetFiles(layout.FaultsDir, "*.parquet").Single();
        using (var file = new ArrowFile(part))
        {
            Assert.That(file.Read<bool>("excluded"), Is.EqualTo(new[] { false, true }));
            Assert.That(file.Read<string>("node"), Is.All.EqualTo("akka.tcp://actorsweep@10.0.0.2:4100"));
            Assert.That(file.Columns["at"].LogicalType, Is.TypeOf<TimestampLogicalType>());
        }
        Assert.That(ResultReader.ReadFaults(layout), Is.EqualTo(faults));
        Assert.That(Directory.Exists(layout.TrialsDir) && Directory.GetFiles(layout.TrialsDir).Length > 0, Is.False, "faults are not task rows");
    }
}
