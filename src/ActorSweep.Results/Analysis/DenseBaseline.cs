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
        var dense = table.Rows.Where(r => IsDense(r) && metric(r) is not null).ToList();
        if (dense.Count == 0) return null;
        var trainings = dense.Select(TrainingOf).Distinct().Count();
        if (trainings != 1) return null;
        var values = dense.Select(r => metric(r)!).ToList();
        return (values.Average(v => v.Mean), values.Select(v => v.Std ?? 0).DefaultIfEmpty(0).Max(), values.Max(v => v.N));
    }

    /// <summary>
    /// Whether <paramref name="r"/> is a dense network trained as its trial's options say (all weights kept; not a branch its
    /// method trains otherwise, <see cref="Core.Methods.IMethodDefinition.TrainsAsItsTrial"/>): a candidate for "the dense network".
    /// </summary>
    public static bool IsDense(ReportRow r) =>
        r.WeightsRemaining >= 0.9999 && (Core.Methods.MethodRegistry.Default.Find(MethodOf(r.Method))?.TrainsAsItsTrial(r.Branch) ?? true);

    /// <summary>The study of a row's label (<c>study: method …</c> when the report reads several studies), or empty.</summary>
    public static string StudyOf(string label) => label.IndexOf(": ", StringComparison.Ordinal) is var i and >= 0 ? label[..i] : "";

    /// <summary>The method of a row's label.</summary>
    public static string MethodOf(string label)
    {
        var rest = StudyOf(label) is { Length: > 0 } s ? label[(s.Length + 2)..] : label;
        return rest.Split(' ')[0];
    }

    /// <summary>
    /// The training a row was trained with, as its label tells it: the label's <c>training.*</c> options, and a retrained
    /// branch's <c>retraining.*</c> ones (a training of its own). Rows with equal values share a dense baseline.
    /// </summary>
    public static string TrainingOf(ReportRow r) => string.Join(" ", r.Method.Split(' ').Where(p => p.StartsWith("training.", StringComparison.Ordinal)
        || (r.Branch == Core.Tasks.Branches.Retrained && p.StartsWith("retraining.", StringComparison.Ordinal))));
}
