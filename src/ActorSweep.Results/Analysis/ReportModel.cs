namespace ActorSweep.Results.Analysis;

/// <summary>One line of a report table: a method (with the options that tell its variants apart) and branch at one sparsity level, over seeds.</summary>
/// <param name="Method">Method label, e.g. <c>imp</c> or <c>imp rewind-iteration=250</c>.</param>
/// <param name="Branch"><c>main</c> or a control (<c>random-reinit</c> …).</param>
/// <param name="WeightsRemaining">Fraction of prunable weights kept (the level).</param>
/// <param name="TestAccuracyAtEarlyStop">Over completed seeds, in [0, 1].</param>
/// <param name="TestAccuracyFinal">Over completed seeds, in [0, 1].</param>
/// <param name="EarlyStopIteration">Over completed seeds.</param>
/// <param name="Seeds">Completed seeds.</param>
/// <param name="Failures">Failed or skipped tasks at this level.</param>
/// <param name="Instability">LMC pairs: instability (max test error on the path − mean of the endpoints'), over seeds.</param>
public sealed record ReportRow(string Method, string Branch, double WeightsRemaining, Stat? TestAccuracyAtEarlyStop, Stat? TestAccuracyFinal,
    Stat? EarlyStopIteration, int Seeds, int Failures, Stat? Instability = null)
{
    /// <summary>The measurements the row's method declares (<see cref="DeclaredMeasurements"/>), over seeds, by name; only those measured.</summary>
    public IReadOnlyDictionary<string, Stat> Measurements { get; init; } = new Dictionary<string, Stat>();

    /// <summary>The compared metric per completed seed (each seed's tasks at this level averaged).</summary>
    public IReadOnlyDictionary<int, double>? MetricBySeed { get; init; }

    /// <summary>The comparison with the row's baseline; null for a baseline row and where there is none.</summary>
    public Statistics.RowComparison? Comparison { get; init; }
}

/// <summary>The rows of one model on one dataset, method by method, densest level first.</summary>
public sealed record ReportTable(string Title, string Model, string Dataset, IReadOnlyList<ReportRow> Rows);

/// <summary>A whole report: its tables, how complete the studies are, and the failures seen.</summary>
/// <param name="Tables">One table per (model, dataset).</param>
/// <param name="Completeness">Per study: rows written and tasks in its graph (null when the graph is unknown).</param>
/// <param name="Failures">Failed tasks: study, method label, branch, round, seed, error.</param>
/// <param name="Combined">Networks combined from several trained ones (ensembles, soups, COLT's intersections) against their members.</param>
public sealed record Report(IReadOnlyList<ReportTable> Tables, IReadOnlyList<StudyCompleteness> Completeness, IReadOnlyList<string> Failures,
    IReadOnlyList<CombinedTable>? Combined = null)
{
    /// <summary>What the rows are compared with, on which metric.</summary>
    public Statistics.ComparisonSpec Comparing { get; init; } = Statistics.ComparisonSpec.Default;

    /// <summary>The combined networks' tables (empty when no study combines networks).</summary>
    public IReadOnlyList<CombinedTable> CombinedTables => Combined ?? Array.Empty<CombinedTable>();
}

/// <summary>
/// One line of a combined-networks table: a method variant and branch at one level, over seeds — the combination's test
/// accuracy beside its members' mean and best (chosen on validation), how many members it used, the members' diversity
/// (disagreement, KL) and, for COLT, the overlap of the pruned masks.
/// </summary>
public sealed record CombinedRow(string Method, string Branch, string Kind, double WeightsRemaining, Stat? TestAccuracy, Stat? MemberMeanTestAccuracy,
    Stat? BestMemberTestAccuracy, Stat? MembersUsed, int Members, Stat? Disagreement, Stat? KlDivergence, Stat? TestNll, Stat? MemberMeanTestNll, Stat? MaskOverlap, int Seeds);

/// <summary>The combined networks of one model on one dataset.</summary>
public sealed record CombinedTable(string Title, string Model, string Dataset, IReadOnlyList<CombinedRow> Rows);

/// <summary>How far a study got: rows in <c>trials</c> against tasks in its graph.</summary>
public sealed record StudyCompleteness(string Study, int Rows, int Completed, int? Tasks)
{
    /// <summary>True when every task of the graph has a row.</summary>
    public bool Finished => Tasks is { } t && Rows >= t;

    /// <summary>Completed rows copied from the task store (trained by another study) rather than trained by this one.</summary>
    public int Reused { get; init; }
}
