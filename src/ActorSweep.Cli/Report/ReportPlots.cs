using System.Globalization;
using System.Text.Json;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Analysis;
using ActorSweep.Results.Parquet;
using ScottPlot;

namespace ActorSweep.Cli.Report;

/// <summary>
/// The report's figures, as the lottery-ticket papers draw them, each as PNG and SVG (ScottPlot):
/// test accuracy against weights remaining (log scale, 100 % on the left, one line per method with
/// error bars over seeds, the dense baseline as a band; once at early stop and once at the end), early-stop iteration against weights
/// remaining, one trial's validation curves round by round, and for LMC pairs the test error along
/// the interpolation path.
/// </summary>
public static class ReportPlots
{
    private const int Width = 1100;
    private const int Height = 700;

    /// <summary>Writes every figure into <paramref name="dir"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(Results.Analysis.Report report, IReadOnlyList<StudyData> studies, string dir)
    {
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        foreach (var table in report.Tables)
        {
            var slug = Slug($"{table.Model}-{table.Dataset}");
            files.AddRange(LevelPlot(table, r => r.TestAccuracyAtEarlyStop, 100, "test accuracy at early stop (%)", Path.Combine(dir, $"accuracy-{slug}"), withBaseline: true));
            files.AddRange(LevelPlot(table, r => r.TestAccuracyFinal, 100, "final test accuracy (%)", Path.Combine(dir, $"final-accuracy-{slug}"), withBaseline: true));
            files.AddRange(LevelPlot(table, r => r.EarlyStopIteration, 1, "early-stop iteration (minimum validation loss)", Path.Combine(dir, $"early-stop-{slug}"), withBaseline: false));
        }
        foreach (var s in studies)
        {
            if (CurvesPlot(s, Path.Combine(dir, $"curves-{Slug(s.Study)}")) is { } curves) files.AddRange(curves);
            if (InterpolationPlot(s, Path.Combine(dir, $"interpolation-{Slug(s.Study)}")) is { } lmc) files.AddRange(lmc);
        }
        return files;
    }

    private static IEnumerable<string> LevelPlot(ReportTable table, Func<ReportRow, Stat?> metric, double scale, string yLabel, string path, bool withBaseline)
    {
        var plot = new Plot();
        if (withBaseline && DenseBaseline.Of(table, metric) is { } baseline)
        {
            var mean = baseline.Mean * scale;
            var spread = baseline.Spread * scale;
            var band = plot.Add.VerticalSpan(mean - Math.Max(spread, 0.05), mean + Math.Max(spread, 0.05));
            band.FillStyle.Color = Colors.Gray.WithAlpha(0.25);
            band.LineStyle.Width = 0;
            band.LegendText = $"dense baseline {mean.ToString("0.00", CultureInfo.InvariantCulture)} ± {spread.ToString("0.00", CultureInfo.InvariantCulture)}";
        }
        var minX = double.MaxValue;
        var index = 0;
        foreach (var line in table.Rows.GroupBy(r => (r.Method, r.Branch)))
        {
            var points = line.Where(r => metric(r) is not null && r.WeightsRemaining > 0).OrderByDescending(r => r.WeightsRemaining).ToList();
            if (points.Count == 0) continue;
            var xs = points.Select(r => Math.Log10(r.WeightsRemaining * 100)).ToArray();
            var ys = points.Select(r => metric(r)!.Mean * scale).ToArray();
            var errors = points.Select(r => (metric(r)!.Std ?? 0) * scale).ToArray();
            var (color, shape) = Style(index++);
            var scatter = plot.Add.Scatter(xs, ys, color);
            scatter.LegendText = line.Key.Branch == Branches.Main ? line.Key.Method : $"{line.Key.Method} ({line.Key.Branch})";
            scatter.MarkerSize = 8;
            scatter.MarkerShape = shape;
            scatter.LineWidth = 2;
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = color;
            minX = Math.Min(minX, xs.Min());
        }
        if (minX == double.MaxValue) return Array.Empty<string>();
        var ticks = new[] { 100, 80, 50, 30, 20, 10, 5, 3, 2, 1, 0.5, 0.3, 0.2, 0.1 }
            .Where(t => Math.Log10(t) >= minX - 0.15).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(Math.Log10).ToArray(), ticks.Select(t => t.ToString("0.#", CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(2.05, minX - 0.1);   // reversed: dense on the left, sparsest on the right, as in the LTH papers
        plot.XLabel("weights remaining (%, log scale)");
        plot.YLabel(yLabel);
        plot.Title(table.Title);
        plot.ShowLegend(Edge.Right);   // outside the data area: no line is hidden behind it
        return Save(plot, path);
    }

    private static IEnumerable<string>? CurvesPlot(StudyData s, string path)
    {
        // The deepest lineage: the main branch of the trial with the most rounds, lowest seed.
        var trial = s.Rows.Where(r => r.Branch == Branches.Main && r.Status == TaskStatuses.Completed)
            .GroupBy(r => r.TrialId).OrderByDescending(g => g.Count()).ThenBy(g => g.First().Seed).FirstOrDefault();
        if (trial is null) return null;
        var curves = s.Curves.Where(c => trial.Any(r => r.TaskId == c.TaskId)).ToLookup(c => c.TaskId);
        var plot = new Plot();
        var rounds = trial.OrderBy(r => r.Round).ToList();
        var index = 0;
        var step = Math.Max(1, (int)Math.Ceiling((rounds.Count - 1) / 7.0));   // at most 8 lines: round 0, every step-th, the last
        foreach (var task in rounds.Where((_, i) => i % step == 0 || i == rounds.Count - 1))
        {
            var points = curves[task.TaskId].Where(c => c.ValAccuracy.HasValue).OrderBy(c => c.Iteration).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(c => (double)c.Iteration).ToArray(), points.Select(c => c.ValAccuracy!.Value * 100).ToArray(), Style(index++).Color);
            line.LegendText = $"round {task.Round}: {StudyReport.Percent(task.WeightsRemaining ?? 1)} % of weights";
            line.MarkerSize = 3;
        }
        var first = trial.First();
        plot.Axes.SetLimitsX(0, s.Curves.Where(c => trial.Any(r => r.TaskId == c.TaskId)).Select(c => c.Iteration).DefaultIfEmpty(1).Max() * 1.02);
        plot.XLabel("training iteration");
        plot.YLabel("validation accuracy (%)");
        plot.Title($"{s.Study}: validation accuracy by round ({first.Method}, {first.Model}, seed {first.Seed})");
        plot.ShowLegend(Edge.Right);
        return Save(plot, path);
    }

    private static IEnumerable<string>? InterpolationPlot(StudyData s, string path)
    {
        if (s.Interpolation.Count == 0) return null;
        var rows = s.Rows.ToDictionary(r => r.TaskId);
        var plot = new Plot();
        var index = 0;
        foreach (var group in s.Interpolation.Where(p => rows.ContainsKey(p.TaskId) && p.TestAccuracy.HasValue)
                     .GroupBy(p => RewindOf(rows[p.TaskId].Hparams)).OrderBy(g => g.Key))
        {
            var byAlpha = group.GroupBy(p => p.Alpha).OrderBy(g => g.Key).ToList();
            var line = plot.Add.Scatter(byAlpha.Select(g => g.Key).ToArray(), byAlpha.Select(g => (1 - g.Average(p => p.TestAccuracy!.Value)) * 100).ToArray(), Style(index++).Color);
            line.LegendText = $"rewind to iteration {group.Key} ({group.Select(p => p.TaskId).Distinct().Count()} pair(s))";
            line.MarkerSize = 4;
        }
        plot.XLabel("interpolation α (0 = copy A, 1 = copy B)");
        plot.YLabel("test error (%)");
        plot.Title($"{s.Study}: error along the linear path between two copies trained from iteration k");
        plot.ShowLegend(Edge.Right);
        return Save(plot, path);
    }

    /// <summary>A distinct colour (Category 10) and, past ten lines, a distinct marker for line <paramref name="i"/>.</summary>
    private static (Color Color, MarkerShape Shape) Style(int i)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var shapes = new[] { MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown };
        return (palette.GetColor(i % 10), shapes[(i / 10 + i) % shapes.Length]);
    }

    private static long RewindOf(string hparams)
    {
        using var doc = JsonDocument.Parse(hparams);
        return doc.RootElement.TryGetProperty(HparamKeys.RewindIteration, out var v) ? v.GetInt64() : 0;
    }

    private static string[] Save(Plot plot, string path)
    {
        plot.SavePng(path + ".png", Width, Height);
        plot.SaveSvg(path + ".svg", Width, Height);
        return new[] { path + ".png", path + ".svg" };
    }

    private static string Slug(string s) => string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}

/// <summary>What the report reads of one study folder.</summary>
public sealed record StudyData(string Study, IReadOnlyList<TrialRow> Rows, IReadOnlyList<CurveRow> Curves, IReadOnlyList<InterpolationRow> Interpolation, int? Tasks);
