using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;
using static ActorSweep.Results.Tests.Parquet.TestRecords;

namespace ActorSweep.Results.Tests.Parquet;

public class CompactionTests
{
    private static TaskRecord Numbered(int i) => Completed($"t{i:D4}") is var r ? r with { Spec = r.Spec with { Round = i } } : throw new InvalidOperationException();

    [Test]
    public void SmallParts_AreMergedIntoOne_WithEveryRowInOrder_AndAnIndependentReaderReadsIt()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "w") { CompactionFanIn = 8 };
        var written = new List<TaskRecord>();
        for (var i = 0; i < 10; i++)
        {
            var batch = new[] { Numbered(2 * i), Numbered(2 * i + 1) };
            writer.WriteBatch(batch);
            written.AddRange(batch);
        }
        // 8 small parts trigger a compaction of every dataset; batches 9 and 10 stay single parts.
        Assert.That(writer.Compactions, Is.EqualTo(2), "trials and curves (layers, interpolation and combinations have no rows)");
        Assert.That(Names(layout.TrialsDir), Is.EqualTo(new[] { "part-000001-to-000008-w.parquet", "part-000009-w.parquet", "part-000010-w.parquet" }));
        Assert.That(Names(layout.CurvesDir), Is.EqualTo(new[] { "part-000001-to-000008-w.parquet", "part-000009-w.parquet", "part-000010-w.parquet" }));
        Assert.That(Directory.GetDirectories(layout.Root).Select(Path.GetFileName), Has.None.EndsWith(".compacting"), "no staging folder is left");
        // The replaced content stays hidden beside the dataset until its next compaction (a reader may be listing it), and a
        // new writer clears it.
        Assert.That(Directory.GetFiles(Path.Combine(layout.Root, ".trials.retired"), "*.parquet"), Has.Length.EqualTo(8), "the 8 merged parts, as the folder was at the exchange");
        _ = new ParquetResultWriter(layout, "w2");
        Assert.That(Directory.GetDirectories(layout.Root).Select(Path.GetFileName), Has.None.StartsWith("."), "a new writer clears both siblings");

        Assert.That(ResultReader.ReadTrials(layout).Select(r => r.TaskId), Is.EqualTo(written.Select(r => r.Spec.TaskId)));
        Assert.That(ResultReader.ReadCurves(layout).Select(c => (c.TaskId, c.Iteration)),
            Is.EqualTo(written.SelectMany(r => r.Result!.Curve.Select(p => (r.Spec.TaskId, p.Iteration)))));
        using var arrow = new ArrowFile(Path.Combine(layout.TrialsDir, "part-000001-to-000008-w.parquet"));
        Assert.That(arrow.RowCount, Is.EqualTo(16));
        Assert.That(arrow.Read<string>("task_id"), Is.EqualTo(written.Take(16).Select(r => r.Spec.TaskId)));
        Assert.That(arrow.Read<double?>("test_accuracy_final"), Is.All.EqualTo(0.979));
        Assert.That(arrow.Read<string?>("parent_task_id"), Is.All.Null);
        Assert.That(arrow.Metadata["actorsweep.dataset"], Is.EqualTo("trials"));
    }

    [Test]
    public void AfterCompaction_AReopenedWriter_KeepsEveryDetailPart_AndContinuesTheSequence()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "w") { CompactionFanIn = 4 };
        for (var i = 0; i < 5; i++) writer.WriteBatch(new[] { Numbered(i) });
        var curves = ResultReader.ReadCurves(layout).Count;

        var reopened = new ParquetResultWriter(layout, "w2");
        Assert.That(reopened.LastSequence, Is.EqualTo(5), "the merged range's last batch counts");
        Assert.That(ResultReader.ReadCurves(layout).Count, Is.EqualTo(curves), "merged detail parts are committed, not orphans");
        reopened.WriteBatch(new[] { Numbered(99) });
        Assert.That(Names(layout.TrialsDir).Last(), Is.EqualTo("part-000006-w2.parquet"));
        Assert.That(ResultReader.ReadTaskIds(layout), Has.Count.EqualTo(6));
    }

    [Test]
    public void AStagingFolderLeftByACrash_IsRemoved_AndTheLiveFolderIsWhole()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "w") { CompactionFanIn = 0 };
        for (var i = 0; i < 3; i++) writer.WriteBatch(new[] { Numbered(i) });
        // A crash after the exchange leaves the old parts in the sibling folder (here: a copy of them).
        var staging = Path.Combine(layout.Root, ".trials.compacting");
        Directory.CreateDirectory(staging);
        foreach (var p in Directory.GetFiles(layout.TrialsDir)) File.Copy(p, Path.Combine(staging, Path.GetFileName(p)));

        _ = new ParquetResultWriter(layout, "w");
        Assert.That(Directory.Exists(staging), Is.False);
        Assert.That(ResultReader.ReadTaskIds(layout), Has.Count.EqualTo(3));
    }

    [Test]
    public void WhileCompacting_AReaderGlobbingTheFolder_SeesEachRowExactlyOnce()
    {
        var layout = NewLayout();
        var writer = new ParquetResultWriter(layout, "w") { CompactionFanIn = 5 };
        var done = false;
        var snapshots = new List<int>();
        var raced = 0;
        var reader = Task.Run(() =>
        {
            while (!Volatile.Read(ref done))
            {
                var ids = new List<string>();
                try
                {
                    foreach (var part in Directory.GetFiles(layout.TrialsDir, "*.parquet"))
                    {
                        using var file = new ArrowFile(part);
                        ids.AddRange(file.Read<string>("task_id"));
                    }
                }
                catch (Exception e) when (e is FileNotFoundException or ParquetSharp.ParquetException || e.InnerException is FileNotFoundException)
                {
                    raced++;   // a part listed before an exchange and merged away before it was opened: list again
                    continue;
                }
                Assert.That(ids, Is.Unique, "no row twice");
                snapshots.Add(ids.Count);
            }
        });
        for (var i = 0; i < 60; i++) writer.WriteBatch(new[] { Completed($"a{i}"), Failed($"b{i}"), Skipped($"c{i}") });
        Volatile.Write(ref done, true);

        Assert.That(reader.Wait(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(writer.Compactions, Is.GreaterThan(5));
        Assert.That(snapshots, Is.Not.Empty);
        Assert.That(snapshots, Is.Ordered, "a later listing never holds fewer rows");
        Assert.That(snapshots, Is.All.Matches<int>(n => n % 3 == 0), "whole batches only");
        Assert.That(ResultReader.ReadTaskIds(layout), Has.Count.EqualTo(180));
        TestContext.Out.WriteLine($"{snapshots.Count} listings read whole, {raced} raced a compaction and were listed again");
    }
}
