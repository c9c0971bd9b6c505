namespace ActorSweep.Results.Analysis;

/// <summary>
/// The dense baseline of a report table for a figure: the mean over the dense rows (all weights kept) of a
/// metric, with the largest of their standard deviations as the band's half-width. Dense runs trained
/// differently (label noise, a recipe, a retrained branch's options) have no common baseline: none then.
/// </summary>
public static class DenseBaseline
{
    /// <summary>The baseline of <paramref name="metric"/> in <paramref name="table"/>, or null.</summary>
    public static (double Mean, double Spread, int Seeds)? Of(ReportTable table, Func<ReportRow, Stat?> metric)
    {
        var dense = table.Rows.Where(r => r.WeightsRemaining >= 0.9999 && metric(r) is not null).ToList();
        if (dense.Count == 0) return null;
        var trainings = dense.Select(TrainingOf).Distinct().Count();
        if (trainings != 1) return null;
        var values = dense.Select(r => metric(r)!).ToList();
        return (values.Average(v => v.Mean), values.Select(v => v.Std ?? 0).DefaultIfEmpty(0).Max(), values.Max(v => v.N));
    }

    /// <summary>
    /// The training a row was trained with, as its label tells it: the label's <c>training.*</c> options, and a retrained
    /// branch's <c>retraining.*</c> ones (a training of its own). Rows with equal values share a dense baseline.
    /// </summary>
    public static string TrainingOf(ReportRow r) => string.Join(" ", r.Method.Split(' ').Where(p => p.StartsWith("training.", StringComparison.Ordinal)
        || (r.Branch == Core.Tasks.Branches.Retrained && p.StartsWith("retraining.", StringComparison.Ordinal))));
}
