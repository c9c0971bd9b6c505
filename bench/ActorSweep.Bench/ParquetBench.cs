using System.Diagnostics;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Bench;

/// <summary>Rows per second into the <c>trials</c> dataset: large batches versus many small parts.</summary>
public static class ParquetBench
{
    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        var records = Enumerable.Range(0, 100_000).Select(Record).ToArray();
        var large = Measure(records, 10_000);
        var small = Measure(records.Take(20_000).ToArray(), 100);
        Console.WriteLine($"parquet trials: 100,000 rows in 10 parts of 10,000: {large:0} rows/s; 20,000 rows in 200 parts of 100: {small:0} rows/s; large/small = {large / small:0.0}");
    }

    private static double Measure(IReadOnlyList<TaskRecord> records, int batch)
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-bench-parquet").FullName);
        var store = new ParquetResultStore(layout, "bench");
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < records.Count; i += batch) store.Write(records.Skip(i).Take(batch).ToList());
        var rate = records.Count / sw.Elapsed.TotalSeconds;
        Directory.Delete(layout.Root, true);
        return rate;
    }

    private static TaskRecord Record(int i)
    {
        var h = Hparams.From(new KeyValuePair<string, object>[]
        {
            new(HparamKeys.Dataset, "mnist"), new(HparamKeys.Model, "lenet-300-100"), new(HparamKeys.Seed, (long)(i % 5)),
            new(HparamKeys.Method, "imp"), new(HparamKeys.LearningRate, 0.0012 * (1 + i % 3)),
        });
        var spec = new TaskSpec($"{i:x16}", $"{i / 20:x16}", "bench", "imp", Branches.Main, i % 20, i % 5, i % 20 == 0 ? null : $"{i - 1:x16}", null, h);
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i);
        return new TaskRecord(spec, TaskStatuses.Completed, null, 1, "akka.tcp://actorsweep@127.0.0.1:4053", t, t.AddSeconds(30),
            new TaskResult(Math.Pow(0.8, i % 20), 266_610, 200_000, 3000, 0.98, 0.979, 0.99, 50_000, 30, "cpu", Array.Empty<CurvePoint>()));
    }
}
