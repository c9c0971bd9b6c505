using System.Diagnostics;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Bench;

/// <summary>
/// Rows per second into the <c>trials</c> dataset through <see cref="ParquetResultWriter"/>: the same
/// 100,000 rows as 10 parts of 10,000 and as 1,000 parts of 100, in one run, so the ratio shows what
/// each part costs (file create, footer, two fsyncs, rename) next to what each row costs; the small parts are
/// compacted as they accumulate (every 64), as in a study, and that cost is included. Medians of
/// three interleaved rounds after a warm-up, because the machines are noisy.
/// </summary>
public static class ParquetBench
{
    private const int Rows = 100_000;

    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        var records = new TaskRecord[Rows];
        for (var i = 0; i < Rows; i++) records[i] = Record(i);
        // Warm-up, not reported: tiered JIT needs a few full passes before the write path is at tier 1
        // (the first 10 × 10,000 pass runs at about 40 % of the steady rate).
        for (var i = 0; i < 3; i++) Measure(records, 10_000);
        Measure(records.Take(20_000).ToArray(), 100);
        // Then three interleaved rounds; the median of each shape is reported.
        var rounds = Enumerable.Range(0, 3).Select(_ => (Large: Measure(records, 10_000), Small: Measure(records, 100))).ToArray();
        var large = rounds.Select(r => r.Large).OrderBy(m => m.Seconds).ElementAt(1);
        var small = rounds.Select(r => r.Small).OrderBy(m => m.Seconds).ElementAt(1);
        Console.WriteLine($"parquet trials, {Rows:N0} rows, median of 3 ({records[0].Spec.Hparams.ToJson().Length}-char hparams JSON, no curve points):");
        Console.WriteLine($"  10 parts of 10,000:  {large.Seconds,6:0.00} s  {Rows / large.Seconds,9:N0} rows/s  {large.Bytes / 1e6,6:0.0} MB");
        Console.WriteLine($"  1,000 parts of 100:  {small.Seconds,6:0.00} s  {Rows / small.Seconds,9:N0} rows/s  {small.Bytes / 1e6,6:0.0} MB  ({small.Seconds * 1000 / (Rows / 100):0.00} ms per part, " +
                          $"compaction included: {small.Compactions} merges left {small.Parts} trials parts)");
        Console.WriteLine($"  large/small = {small.Seconds / large.Seconds:0.0}x");
    }

    private static (double Seconds, long Bytes, int Parts, int Compactions) Measure(IReadOnlyList<TaskRecord> records, int batch)
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-bench-parquet-").FullName);
        try
        {
            var batches = records.Chunk(batch).ToArray();
            var writer = new ParquetResultWriter(layout, "bench");
            var sw = Stopwatch.StartNew();
            foreach (var b in batches) writer.WriteBatch(b);
            var seconds = sw.Elapsed.TotalSeconds;
            var bytes = Directory.GetFiles(layout.TrialsDir).Sum(f => new FileInfo(f).Length);
            if (ResultReader.ReadTaskIds(layout).Count != records.Count) throw new InvalidOperationException("bench wrote the wrong number of rows");
            return (seconds, bytes, Directory.GetFiles(layout.TrialsDir, "*.parquet").Length, writer.Compactions);
        }
        finally
        {
            Directory.Delete(layout.Root, true);
        }
    }

    private static Hparams? _trialHparams;

    // As in a study, the 20 tasks of a trial (rounds 0–19) share the trial's hyperparameters object.
    private static TaskRecord Record(int i)
    {
        if (i % 20 == 0 || _trialHparams is null)
            _trialHparams = Hparams.From(new KeyValuePair<string, object>[]
            {
                new(HparamKeys.Dataset, "mnist"), new(HparamKeys.Model, "lenet-300-100"), new(HparamKeys.Seed, (long)(i / 20 % 5)),
                new(HparamKeys.Method, "imp"), new(HparamKeys.LearningRate, 0.0012 * (1 + i / 20 % 3)), new(HparamKeys.BatchSize, 60L),
                new(HparamKeys.Iterations, 50_000L), new(HparamKeys.RateFc, 0.2), new(HparamKeys.Rounds, 20L),
            });
        var h = _trialHparams;
        var spec = new TaskSpec($"{i:x16}", $"{i / 20:x16}", "bench", "imp", Branches.Main, i % 20, i / 20 % 5, TaskSpec.ParentsOf(i % 20 == 0 ? null : $"{i - 1:x16}"), i % 20 == 0 ? null : $"{i / 20 * 20:x16}", h);
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i);
        if (i % 50 == 49)
            return new TaskRecord(spec, TaskStatuses.Failed, "training loss is NaN at iteration 1234", 3, "akka.tcp://actorsweep@127.0.0.1:4053", t, t.AddSeconds(3), null);
        return new TaskRecord(spec, TaskStatuses.Completed, null, 1, "akka.tcp://actorsweep@127.0.0.1:4053", t, t.AddSeconds(30),
            new TaskResult(Math.Pow(0.8, i % 20), 266_610, 200_000, 3000, 0.98, 0.979, 0.99, 50_000, 30, "cpu", Array.Empty<CurvePoint>()));
    }
}
