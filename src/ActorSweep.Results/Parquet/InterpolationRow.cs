namespace ActorSweep.Results.Parquet;

/// <summary>One row of the <c>interpolation</c> dataset as read back.</summary>
public sealed record InterpolationRow(string TaskId, double Alpha, double? TestLoss, double? TestAccuracy, double? TrainLoss, double? TrainAccuracy);
