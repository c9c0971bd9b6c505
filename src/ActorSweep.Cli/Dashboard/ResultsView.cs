namespace ActorSweep.Cli.Dashboard;

/// <summary>
/// <c>GET /api/studies/{study}/results</c>: the <c>trials</c> rows written so far, counted by status, and the
/// figures drawn from them (one table per model and dataset, as <c>report</c> groups them).
/// </summary>
public sealed record ResultsView(string Study, int Rows, int Completed, int Failed, int Skipped, int Tasks, IReadOnlyList<PlotTable> Tables, IReadOnlyList<TrialView> Trials);

/// <summary>One model on one dataset: a series per method variant and branch, and the dense baseline when there is one.</summary>
public sealed record PlotTable(string Title, string Model, string Dataset, StatView? Dense, IReadOnlyList<PlotSeries> Series);

/// <summary>One method variant and branch: its levels, densest first.</summary>
public sealed record PlotSeries(string Label, string Method, string Branch, IReadOnlyList<PlotPoint> Points);

/// <summary>One sparsity level over the completed seeds (accuracies in [0, 1]).</summary>
public sealed record PlotPoint(double WeightsRemaining, StatView? TestAccuracyAtEarlyStop, StatView? TestAccuracyFinal, StatView? EarlyStopIteration, int Seeds, int Failures)
{
    /// <summary>The point against the dense network (test accuracy at early stop, over seeds); null for a dense point or where none can be made.</summary>
    public ComparisonView? VersusDense { get; init; }

    /// <summary>The measurements the point's method declares (Early-Bird's draw), over seeds, in declaration order; empty for most.</summary>
    public IReadOnlyList<MeasurementView> Measurements { get; init; } = Array.Empty<MeasurementView>();
}

/// <summary>
/// A declared measurement at one point: its <c>metrics</c> name, the report's label, the display scale and format, and
/// its mean, standard deviation and count over seeds (unscaled).
/// </summary>
public sealed record MeasurementView(string Name, string Label, double Scale, string Format, double Mean, double? Std, int N);

/// <summary>
/// A report row's comparison with its baseline (fractions): the mean difference and its 95 % interval (null when no
/// test could be made), the test, the Holm-adjusted p within its table, the verdict, and the seeds a paired test needs.
/// </summary>
public sealed record ComparisonView(string Baseline, double? Diff, double? Low, double? High, string? Test, double? PHolm, string Verdict, int? SeedsNeeded, string? Note);

/// <summary>Mean, sample standard deviation (null for one value) and count.</summary>
public sealed record StatView(double Mean, double? Std, int N);

/// <summary>A trial whose validation curves can be drawn: its id, a label, and the tasks with rows.</summary>
public sealed record TrialView(string TrialId, string Label, int Seed, int Tasks);

/// <summary><c>GET /api/studies/{study}/curves?trial=ID</c>: the validation curves of one trial, task by task (round, branch).</summary>
public sealed record CurvesView(string Study, string TrialId, IReadOnlyList<CurveSeries> Tasks);

/// <summary>One task's validation curve: iterations and validation accuracy (null where not measured).</summary>
public sealed record CurveSeries(string TaskId, int Round, string Branch, string Label, IReadOnlyList<int> Iterations, IReadOnlyList<double?> ValAccuracy, IReadOnlyList<double?> ValLoss);

/// <summary><c>GET /api/studies</c>: one entry per study served.</summary>
public sealed record StudyEntry(string Study, string Folder, int Tasks);

/// <summary>The body of every 4xx and 5xx answer.</summary>
public sealed record ErrorView(string Error);
