namespace ActorSweep.Results.Parquet;

/// <summary>One row of the <c>curves</c> dataset as read back; null metrics were NaN or absent.</summary>
public sealed record CurveRow(
    int SchemaVersion,
    string Study,
    string TaskId,
    int Iteration,
    double? TrainLoss,
    double? ValLoss,
    double? ValAccuracy,
    double? TestAccuracy);
