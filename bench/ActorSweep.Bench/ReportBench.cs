using System.Diagnostics;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Analysis;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Bench;

/// <summary>
/// What <c>actorsweep report</c> costs on a big study: a <c>trials</c> dataset of 100,000 rows (10 methods
/// × 20 sparsity levels × 500 seeds, in 10 parts) read with Parquet.Net, aggregated and formatted.
/// </summary>
public static class ReportBench
{
    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-bench-report").FullName);
        try
        {
            var writer = new ParquetResultWriter(layout, "bench");
            var start = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
            var batch = new List<TaskRecord>(10_000);
            var methods = new[] { "imp", "oneshot", "snip", "grasp", "synflow", "random", "set", "rigl", "dense", "lmc" };
            var n = 0;
            foreach (var method in methods)
            for (var level = 0; level < 20; level++)
            for (var seed = 0; seed < 500; seed++)
            {
                var sparsity = method == "dense" ? 0 : 0.5 + level * 0.025;   // the dense rows: the baseline every other row is compared with
                var h = Hparams.From(new KeyValuePair<string, object>[]
                {
                    new(HparamKeys.Dataset, "fashion-mnist"), new(HparamKeys.Model, "lenet-300-100"), new(HparamKeys.Method, method),
                    new(HparamKeys.Seed, (long)seed), new(HparamKeys.Sparsity, sparsity),
                });
                var id = $"{method}-{level}-{seed}";
                var acc = 0.85 + 0.0001 * (seed % 97) - 0.001 * level;
                batch.Add(new TaskRecord(new TaskSpec(id, id, "bench", method, Branches.Main, 1, seed, Array.Empty<string>(), null, h), TaskStatuses.Completed, null, 1, "n",
                    start, start.AddSeconds(5), new TaskResult(1 - sparsity, 266_610, (long)(266_610 * (1 - sparsity)), 3000 + seed, acc, acc, 0.9, 4000, 5, "cpu", Array.Empty<CurvePoint>())));
                if (batch.Count == 10_000) { writer.WriteBatch(batch); batch.Clear(); }
                n++;
            }
            // The first pass is what a fresh `actorsweep report` process pays (JIT included); then the median of three warm passes.
            var passes = Enumerable.Range(0, 4).Select(_ => Measure(layout)).ToList();
            var cold = passes[0];
            var warm = passes.Skip(1).OrderBy(p => p.Total).ElementAt(1);
            Console.WriteLine($"report of a trials dataset of {n:N0} rows ({cold.TableRows} table rows, {cold.Kib} KiB of text+md+csv):");
            Console.WriteLine($"  first pass (fresh process, JIT): read {cold.Read} ms, aggregate {cold.Aggregate} ms, format {cold.Format} ms → {cold.Total} ms");
            Console.WriteLine($"  warm (median of 3):              read {warm.Read} ms, aggregate {warm.Aggregate} ms, format {warm.Format} ms → {warm.Total} ms");
            Console.WriteLine($"  of the warm aggregate, the comparisons with dense (paired t per row, Holm per table): {warm.Compare} ms " +
                              $"({(warm.Aggregate == 0 ? 0 : 100.0 * warm.Compare / warm.Aggregate):0.#} %, measured again on the built table)");
        }
        finally
        {
            Directory.Delete(layout.Root, recursive: true);
        }
    }

    private static (long Read, long Aggregate, long Format, long Total, int TableRows, int Kib, long Compare) Measure(StudyLayout layout)
    {
        var read = Stopwatch.StartNew();
        var rows = ResultReader.ReadTrials(layout);
        read.Stop();
        var aggregate = Stopwatch.StartNew();
        var report = StudyReport.Build(new[] { ("bench", rows) });
        aggregate.Stop();
        var compare = Stopwatch.StartNew();
        foreach (var table in report.Tables) ActorSweep.Results.Analysis.Statistics.ReportComparisons.Apply(table, report.Comparing);
        compare.Stop();
        var format = Stopwatch.StartNew();
        var text = ReportFormat.Text(report) + ReportFormat.Markdown(report) + ReportFormat.Csv(report);
        format.Stop();
        return (read.ElapsedMilliseconds, aggregate.ElapsedMilliseconds, format.ElapsedMilliseconds,
            read.ElapsedMilliseconds + aggregate.ElapsedMilliseconds + format.ElapsedMilliseconds, report.Tables.Single().Rows.Count, text.Length / 1024, compare.ElapsedMilliseconds);
    }
}
