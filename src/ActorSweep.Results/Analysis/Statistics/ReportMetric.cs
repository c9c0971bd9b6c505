using ActorSweep.Results.Parquet;

namespace ActorSweep.Results.Analysis.Statistics;

/// <summary>A numeric <c>trials</c> column, or a measurement a method declares, that the report can compare rows on (<c>report --metric</c>).</summary>
/// <param name="Column">The Parquet column name.</param>
/// <param name="Value">The column's value of a row.</param>
/// <param name="Scale">Display scale: 100 for fractions shown as points, 1 otherwise.</param>
/// <param name="HigherIsBetter">True for accuracies: a positive difference is <c>better</c>; false: <c>higher</c>/<c>lower</c>.</param>
public sealed record ReportMetric(string Column, Func<TrialRow, double?> Value, double Scale, bool HigherIsBetter)
{
    /// <summary>The default: test accuracy at the early-stop point (the report's main metric).</summary>
    public static readonly ReportMetric Default = new("test_accuracy_at_early_stop", r => r.TestAccuracyAtEarlyStop, 100, true);

    /// <summary>Every metric by column name.</summary>
    public static readonly IReadOnlyList<ReportMetric> All = new[]
    {
        Default,
        new ReportMetric("test_accuracy_final", r => r.TestAccuracyFinal, 100, true),
        new ReportMetric("train_accuracy_final", r => r.TrainAccuracyFinal, 100, true),
        new ReportMetric("early_stop_iteration", r => r.EarlyStopIteration, 1, false),
        new ReportMetric("wall_seconds", r => r.WallSeconds, 1, false),
        new ReportMetric("instability", r => r.Instability, 100, false),
        new ReportMetric("flop_speedup", r => r.FlopSpeedup, 1, false),
    }.Concat(DeclaredMeasurements.All.Select(m => new ReportMetric(m.Name, r => r.Metrics.Get(m.Name), m.Scale, m.HigherIsBetter))).ToArray();

    /// <summary>The metric of <paramref name="column"/>, or null.</summary>
    public static ReportMetric? Find(string column) => All.FirstOrDefault(m => m.Column == column);
}

/// <summary>What a report compares each row with (<c>report --baseline</c>, <c>--metric</c>).</summary>
/// <param name="Metric">The metric compared.</param>
/// <param name="BaselineMethod">Null: the table's dense network; else a method name (the first word of a row's label).</param>
/// <param name="BaselineBranch">The baseline's branch (with a method).</param>
public sealed record ComparisonSpec(ReportMetric Metric, string? BaselineMethod = null, string BaselineBranch = "main")
{
    /// <summary>Against the dense network on the default metric.</summary>
    public static readonly ComparisonSpec Default = new(ReportMetric.Default);

    /// <summary>The baseline as written in a header: <c>dense</c> or <c>imp:random-reinit</c>.</summary>
    public string BaselineName => BaselineMethod is null ? "dense" : $"{BaselineMethod}:{BaselineBranch}";

    /// <summary>Parses <c>METHOD[:BRANCH]</c>; <c>dense</c> (or null) is the default baseline.</summary>
    public static ComparisonSpec Parse(string? baseline, ReportMetric metric)
    {
        if (string.IsNullOrWhiteSpace(baseline) || baseline == "dense") return new(metric);
        var parts = baseline.Split(':', 2);
        return new(metric, parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "main");
    }
}

/// <summary>
/// One row's comparison with its baseline row: the test (null when it could not be made, see <paramref name="Note"/>),
/// the Holm-adjusted p-value within its table, the verdict and the seeds a paired test would need.
/// </summary>
/// <param name="Baseline">The baseline row's label, branch and level.</param>
/// <param name="BaselineLevel">The baseline row's fraction of weights remaining.</param>
/// <param name="Test">The test, or null.</param>
/// <param name="PHolm">Holm–Bonferroni adjusted p within the table.</param>
/// <param name="Verdict"><c>better</c>, <c>worse</c> (or <c>higher</c> / <c>lower</c>), <c>n.s.</c>, or why there is none.</param>
/// <param name="SeedsNeeded">Seeds for 80 % power at 0.05 against the observed difference and spread; null beyond the cap.</param>
/// <param name="Note">Level matched to a nearby one, one seed, no spread.</param>
public sealed record RowComparison(string Baseline, double BaselineLevel, TestResult? Test, double? PHolm, string Verdict, int? SeedsNeeded, string? Note);
