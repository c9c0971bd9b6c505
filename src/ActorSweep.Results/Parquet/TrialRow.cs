using ActorSweep.Core.Tasks;
namespace ActorSweep.Results.Parquet;

/// <summary>
/// One row of the <c>trials</c> dataset as read back: the columns of <see cref="ResultSchema.Trials"/>
/// with their nullability, for tests and the report command. Timestamps are UTC.
/// </summary>
public sealed record TrialRow(
    int SchemaVersion,
    string Study,
    string TrialId,
    string TaskId,
    string? ParentTaskId,
    string Method,
    string Branch,
    string Model,
    string Dataset,
    int Seed,
    int Round,
    double? WeightsRemaining,
    long? ParamsTotal,
    long? ParamsNonzero,
    int? EarlyStopIteration,
    double? TestAccuracyAtEarlyStop,
    double? TestAccuracyFinal,
    double? TrainAccuracyFinal,
    int? Iterations,
    double? WallSeconds,
    string Node,
    string? Device,
    string Status,
    string? Error,
    int Attempt,
    string Hparams,
    DateTime StartedAt,
    DateTime FinishedAt)
{
    /// <summary>Dense multiply-adds per example (schema 2; null in older parts).</summary>
    public double? FlopsDense { get; init; }

    /// <summary>Sparse multiply-adds per example (schema 2).</summary>
    public double? FlopsSparse { get; init; }

    /// <summary>All parameters / non-zero parameters (schema 2).</summary>
    public double? CompressionRatio { get; init; }

    /// <summary>Dense / sparse multiply-adds (schema 2).</summary>
    public double? FlopSpeedup { get; init; }

    /// <summary>LMC instability (schema 2; LMC pairs only).</summary>
    public double? Instability { get; init; }

    /// <summary>
    /// What the row's method measured beyond the shared metrics, by the names it declares (schema 6's <c>metrics</c>; in
    /// parts of schema 5 read from its <c>ticket_drawn_at</c> and <c>training_saved</c> columns).
    /// </summary>
    public Measurements Metrics { get; init; } = Measurements.None;

    /// <summary>The study and folder a reused row's result was trained in (schema 7; null when trained in this study, and in older parts).</summary>
    public string? ReusedFrom { get; init; }

    /// <summary>Every parent, in order (schema 3; null in older parts, whose <see cref="ParentTaskId"/> is the only parent).</summary>
    public IReadOnlyList<string>? ParentTaskIds { get; init; }
}
