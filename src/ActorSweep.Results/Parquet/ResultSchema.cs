using ActorSweep.Core.Tasks;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// The datasets ActorSweep writes and their columns — the Parquet contract. Changes are additive:
/// new columns at the end, <see cref="Version"/> bumped; a column is never renamed or retyped.
/// </summary>
public static class ResultSchema
{
    /// <summary>Written in every row's <c>schema_version</c>.</summary>
    public const int Version = 1;

    /// <summary><c>trials</c>: one row per finished task (completed, failed or skipped).</summary>
    public static readonly ParquetDataset<TaskRecord> Trials = new("trials", new[]
    {
        ColumnSpec<TaskRecord>.Int32("schema_version", _ => Version),
        ColumnSpec<TaskRecord>.String("study", r => r.Spec.Study),
        ColumnSpec<TaskRecord>.String("trial_id", r => r.Spec.TrialId),
        ColumnSpec<TaskRecord>.String("task_id", r => r.Spec.TaskId),
        ColumnSpec<TaskRecord>.String("parent_task_id", r => r.Spec.ParentTaskId, nullable: true),
        ColumnSpec<TaskRecord>.String("method", r => r.Spec.Method),
        ColumnSpec<TaskRecord>.String("branch", r => r.Spec.Branch),
        ColumnSpec<TaskRecord>.String("model", r => r.Spec.Model),
        ColumnSpec<TaskRecord>.String("dataset", r => r.Spec.Dataset),
        ColumnSpec<TaskRecord>.Int32("seed", r => r.Spec.Seed),
        ColumnSpec<TaskRecord>.Int32("round", r => r.Spec.Round),
        ColumnSpec<TaskRecord>.NullableDouble("weights_remaining", r => r.Result?.WeightsRemaining),
        ColumnSpec<TaskRecord>.NullableInt64("params_total", r => r.Result?.ParamsTotal),
        ColumnSpec<TaskRecord>.NullableInt64("params_nonzero", r => r.Result?.ParamsNonzero),
        ColumnSpec<TaskRecord>.NullableInt32("early_stop_iteration", r => r.Result?.EarlyStopIteration),
        ColumnSpec<TaskRecord>.NullableDouble("test_accuracy_at_early_stop", r => r.Result?.TestAccuracyAtEarlyStop),
        ColumnSpec<TaskRecord>.NullableDouble("test_accuracy_final", r => r.Result?.TestAccuracyFinal),
        ColumnSpec<TaskRecord>.NullableDouble("train_accuracy_final", r => r.Result?.TrainAccuracyFinal),
        ColumnSpec<TaskRecord>.NullableInt32("iterations", r => r.Result?.Iterations),
        ColumnSpec<TaskRecord>.NullableDouble("wall_seconds", r => r.Result?.WallSeconds ?? (r.FinishedAt - r.StartedAt).TotalSeconds),
        ColumnSpec<TaskRecord>.String("node", r => r.Node),
        ColumnSpec<TaskRecord>.String("device", r => r.Result?.Device, nullable: true),
        ColumnSpec<TaskRecord>.String("status", r => r.Status),
        ColumnSpec<TaskRecord>.String("error", r => r.Error, nullable: true),
        ColumnSpec<TaskRecord>.Int32("attempt", r => r.Attempt),
        ColumnSpec<TaskRecord>.String("hparams", r => r.Spec.Hparams.ToJson()),
        ColumnSpec<TaskRecord>.UtcTimestamp("started_at", r => r.StartedAt),
        ColumnSpec<TaskRecord>.UtcTimestamp("finished_at", r => r.FinishedAt),
    });

    /// <summary><c>curves</c>: one row per evaluation of a task.</summary>
    public static readonly ParquetDataset<(TaskSpec Spec, CurvePoint Point)> Curves = new("curves", new[]
    {
        ColumnSpec<(TaskSpec Spec, CurvePoint Point)>.Int32("schema_version", _ => Version),
        ColumnSpec<(TaskSpec Spec, CurvePoint Point)>.String("study", r => r.Spec.Study),
        ColumnSpec<(TaskSpec Spec, CurvePoint Point)>.String("task_id", r => r.Spec.TaskId),
        ColumnSpec<(TaskSpec Spec, CurvePoint Point)>.Int32("iteration", r => r.Point.Iteration),
        ColumnSpec<(TaskSpec Spec, CurvePoint Point)>.NullableDouble("train_loss", r => double.IsNaN(r.Point.TrainLoss) ? null : r.Point.TrainLoss),
        ColumnSpec<(TaskSpec Spec, CurvePoint Point)>.NullableDouble("val_loss", r => NullIfNaN(r.Point.ValLoss)),
        ColumnSpec<(TaskSpec Spec, CurvePoint Point)>.NullableDouble("val_accuracy", r => NullIfNaN(r.Point.ValAccuracy)),
        ColumnSpec<(TaskSpec Spec, CurvePoint Point)>.NullableDouble("test_accuracy", r => NullIfNaN(r.Point.TestAccuracy)),
    });

    private static double? NullIfNaN(double v) => double.IsNaN(v) ? null : v;
}
