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
    DateTime FinishedAt);
