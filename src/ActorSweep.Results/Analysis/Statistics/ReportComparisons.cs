namespace ActorSweep.Results.Analysis.Statistics;

/// <summary>
/// Compares every row of a report table with its baseline row over seeds (<see cref="ComparisonSpec"/>): by default the
/// dense network of the same study and training, else a method and branch at the nearest level within one percentage
/// point. Seeds both rows have pair (the same seed is the same initialisation and data order): the paired t-test; rows
/// without two common seeds fall back to Welch's t-test. The p-values of one table are Holm-adjusted and each row gets a
/// verdict at 0.05, and the seeds a paired test would need to resolve the observed difference.
/// </summary>
public static class ReportComparisons
{
    /// <summary>Levels further apart than this are not compared.</summary>
    public const double LevelTolerance = 0.01;

    /// <summary><paramref name="table"/> with each row's <see cref="ReportRow.Comparison"/> filled in.</summary>
    public static ReportTable Apply(ReportTable table, ComparisonSpec spec)
    {
        var found = table.Rows.Select(r => (Row: r, Baseline: BaselineOf(table.Rows, r, spec))).ToList();
        var tested = new List<(int Index, RowComparison Comparison)>();
        var comparisons = new RowComparison?[found.Count];
        for (var i = 0; i < found.Count; i++)
        {
            var (row, baseline) = found[i];
            if (baseline is null) continue;
            comparisons[i] = Compare(row, baseline.Value, spec.Metric);
            if (comparisons[i]!.Test is not null) tested.Add((i, comparisons[i]!));
        }
        var holm = SeedTests.Holm(tested.Select(t => t.Comparison.Test!.P).ToList());
        for (var k = 0; k < tested.Count; k++)
        {
            var (i, c) = tested[k];
            var p = holm[k];
            var mean = c.Test!.Mean;
            var verdict = p < SeedTests.Alpha
                ? spec.Metric.HigherIsBetter ? (mean > 0 ? "better" : "worse") : (mean > 0 ? "higher" : "lower")
                : "n.s.";
            comparisons[i] = c with { PHolm = p, Verdict = verdict };
        }
        return table with { Rows = table.Rows.Select((r, i) => r with { Comparison = comparisons[i] }).ToList() };
    }

    private static RowComparison Compare(ReportRow row, (ReportRow Row, IReadOnlyDictionary<int, double> Values, string Name) baseline, ReportMetric metric)
    {
        var a = row.MetricBySeed ?? new Dictionary<int, double>();
        var b = baseline.Values;
        var note = baseline.Name != "dense" && Math.Abs(baseline.Row.WeightsRemaining - row.WeightsRemaining) > 0.0005
            ? $"level matched to {StudyReport.Percent(baseline.Row.WeightsRemaining)} %" : null;
        var common = a.Keys.Intersect(b.Keys).Order().ToList();
        TestResult? test;
        string why;
        if (common.Count >= 2)
        {
            test = SeedTests.Paired(common.Select(s => a[s]).ToList(), common.Select(s => b[s]).ToList());
            why = "no spread";
        }
        else
        {
            test = SeedTests.Welch(a.Values.ToList(), b.Values.ToList());
            why = a.Count < 2 || b.Count < 2 ? "one seed" : "no spread";
        }
        if (test is null)
        {
            var diff = a.Count > 0 && b.Count > 0 ? a.Values.Average() - b.Values.Average() : double.NaN;
            return new RowComparison(baseline.Name, baseline.Row.WeightsRemaining, null, null, why, null,
                note is null ? $"difference {Signed(diff * metric.Scale)}" : $"{note}; difference {Signed(diff * metric.Scale)}");
        }
        return new RowComparison(baseline.Name, baseline.Row.WeightsRemaining, test, null, "n.s.", SeedTests.SeedsNeeded(test.Mean, test.Spread), note);
    }

    /// <summary>A signed number with two decimals (for notes).</summary>
    internal static string Signed(double value) => double.IsNaN(value) ? "—" : value.ToString("+0.00;−0.00;0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The baseline row of <paramref name="row"/> with its per-seed values, or null (the row is the baseline, or has none).</summary>
    private static (ReportRow Row, IReadOnlyDictionary<int, double> Values, string Name)? BaselineOf(IReadOnlyList<ReportRow> rows, ReportRow row, ComparisonSpec spec)
    {
        if (row.MetricBySeed is null || row.MetricBySeed.Count == 0) return null;
        var study = StudyOf(row.Method);
        var training = DenseBaseline.TrainingOf(row);
        if (spec.BaselineMethod is null)
        {
            var dense = rows.Where(r => DenseBaseline.IsDense(r) && StudyOf(r.Method) == study && DenseBaseline.TrainingOf(r) == training && r.MetricBySeed is { Count: > 0 }).ToList();
            if (dense.Count == 0 || dense.Contains(row)) return null;
            // Several dense rows of one training (IMP's round 0, the dense method, one-shot's dense run): per seed, their mean.
            var values = dense.SelectMany(r => r.MetricBySeed!).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Average(e => e.Value));
            return (dense[0], values, "dense");
        }
        var candidates = rows.Where(r => MethodOf(r.Method) == spec.BaselineMethod && r.Branch == spec.BaselineBranch && StudyOf(r.Method) == study && r.MetricBySeed is { Count: > 0 }).ToList();
        if (candidates.Contains(row)) return null;
        // The same variant of the same method when the row is one (IMP's ticket against its own control); else the
        // variant trained the same way, when only one is.
        var sameLabel = candidates.Where(r => r.Method == row.Method).ToList();
        if (sameLabel.Count == 0)
        {
            var sameTraining = candidates.Where(r => DenseBaseline.TrainingOf(r) == training).ToList();
            sameLabel = sameTraining.Select(r => r.Method).Distinct().Count() == 1 ? sameTraining : new List<ReportRow>();
        }
        var nearest = sameLabel.OrderBy(r => Math.Abs(r.WeightsRemaining - row.WeightsRemaining)).FirstOrDefault();
        if (nearest is null || Math.Abs(nearest.WeightsRemaining - row.WeightsRemaining) > LevelTolerance) return null;
        return (nearest, nearest.MetricBySeed!, $"{nearest.Method} {nearest.Branch}");
    }

    private static string StudyOf(string label) => DenseBaseline.StudyOf(label);

    private static string MethodOf(string label) => DenseBaseline.MethodOf(label);
}
