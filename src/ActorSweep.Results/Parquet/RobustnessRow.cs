namespace ActorSweep.Results.Parquet;

/// <summary>A row of the <c>robustness</c> dataset as read back.</summary>
public sealed record RobustnessRow(string TaskId, string Point, string Kind, string Name, int Severity, double? Epsilon, int? Steps, int Examples, double? Accuracy);
