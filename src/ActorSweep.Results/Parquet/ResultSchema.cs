using ActorSweep.Core.Tasks;
using CurveSource = (ActorSweep.Core.Tasks.TaskSpec Spec, ActorSweep.Core.Tasks.CurvePoint Point);

namespace ActorSweep.Results.Parquet;

/// <summary>
/// The datasets ActorSweep writes and their columns: the Parquet contract that pandas, Spark and
/// DuckDB read. Changes are additive only — a new column goes last and a new dataset goes into
/// <see cref="Details"/>; a column is never renamed, retyped or made required, and
/// <see cref="Version"/> is bumped so readers can tell old parts from new.
/// </summary>
/// <remarks>
/// <c>trials</c> is the commit record: a batch's detail parts are published first and its trials
/// part last, so a task's row never exists without its details, and a task without a row is re-run.
/// </remarks>
public static class ResultSchema
{
    /// <summary>The measurement names behind the frozen version-5 columns <c>ticket_drawn_at</c> and <c>training_saved</c>.</summary>
    public const string LegacyTicketDrawnAt = "ticket_drawn_at", LegacyTrainingSaved = "training_saved";

    /// <summary>Written in every row's <c>schema_version</c> and in each part's footer metadata.</summary>
    public const int Version = 8;

    /// <summary>
    /// <c>trials</c>: one row per finished task — completed, failed or skipped. Metrics are null
    /// unless completed; <c>wall_seconds</c> is the attempt's elapsed time for a failed task (what
    /// the failure cost) and null for a skipped one (it never ran).
    /// </summary>
    public static readonly ParquetDataset<TaskRecord> Trials = new("trials", l => l.TrialsDir, batch => batch, new[]
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
        ColumnSpec<TaskRecord>.NullableDouble("wall_seconds", WallSeconds),
        ColumnSpec<TaskRecord>.String("node", r => r.Node),
        ColumnSpec<TaskRecord>.String("device", r => r.Result?.Device, nullable: true),
        ColumnSpec<TaskRecord>.String("status", r => r.Status),
        ColumnSpec<TaskRecord>.String("error", r => r.Error, nullable: true),
        ColumnSpec<TaskRecord>.Int32("attempt", r => r.Attempt),
        ColumnSpec<TaskRecord>.String("hparams", r => r.Spec.Hparams.ToJson()),
        ColumnSpec<TaskRecord>.UtcTimestamp("started_at", r => r.StartedAt),
        ColumnSpec<TaskRecord>.UtcTimestamp("finished_at", r => r.FinishedAt),
        // Added in schema version 2 (ShrinkBench's metrics, linear mode connectivity):
        ColumnSpec<TaskRecord>.NullableDouble("flops_dense", r => r.Result?.FlopsDense),
        ColumnSpec<TaskRecord>.NullableDouble("flops_sparse", r => r.Result?.FlopsSparse),
        ColumnSpec<TaskRecord>.NullableDouble("compression_ratio", r => r.Result is { ParamsNonzero: > 0 } x ? x.ParamsTotal / (double)x.ParamsNonzero : null),
        ColumnSpec<TaskRecord>.NullableDouble("flop_speedup", r => r.Result is { FlopsDense: { } d, FlopsSparse: > 0 } x ? d / x.FlopsSparse!.Value : null),
        ColumnSpec<TaskRecord>.NullableDouble("instability", r => r.Result?.Instability),
        // Added in schema version 3 (the task graph is a DAG; parent_task_id holds the first parent):
        ColumnSpec<TaskRecord>.StringList("parent_task_ids", r => r.Spec.ParentTaskIds),
        ColumnSpec<TaskRecord>.Int32("defaults_version", r => r.Spec.DefaultsVersion),
        // Added in schema version 5 (Early-Bird tickets). Frozen since version 6, which carries every method's own
        // measurements in `metrics`: these two columns still hold the same values as metrics['ticket_drawn_at'] and
        // metrics['training_saved'], so that queries written against version 5 keep working; no method gets a column again.
        ColumnSpec<TaskRecord>.NullableInt32("ticket_drawn_at", r => r.Result?.Measurements.Get(LegacyTicketDrawnAt) is { } v ? checked((int)v) : null),
        ColumnSpec<TaskRecord>.NullableDouble("training_saved", r => r.Result?.Measurements.Get(LegacyTrainingSaved)),
        // Added in schema version 6: the measurements a method declares (name → value; an empty map for most rows).
        ColumnSpec<TaskRecord>.DoubleMap("metrics", r => r.Result?.Measurements ?? Measurements.None),
        // Added in schema version 7: the study and folder whose task store entry a reused row copies; null when trained here.
        ColumnSpec<TaskRecord>.String("reused_from", r => r.ReusedFrom, nullable: true),
    });

    /// <summary>
    /// <c>curves</c>: one row per evaluation of a completed task. A NaN metric (the training loss at
    /// iteration 0, before any step) is written as null: NaN poisons SQL aggregates, and pandas
    /// reads null as NaN anyway.
    /// </summary>
    public static readonly ParquetDataset<CurveSource> Curves = new("curves", l => l.CurvesDir, CurveRowsOf, new[]
    {
        ColumnSpec<CurveSource>.Int32("schema_version", _ => Version),
        ColumnSpec<CurveSource>.String("study", r => r.Spec.Study),
        ColumnSpec<CurveSource>.String("task_id", r => r.Spec.TaskId),
        ColumnSpec<CurveSource>.Int32("iteration", r => r.Point.Iteration),
        ColumnSpec<CurveSource>.NullableDouble("train_loss", r => NullIfNaN(r.Point.TrainLoss)),
        ColumnSpec<CurveSource>.NullableDouble("val_loss", r => NullIfNaN(r.Point.ValLoss)),
        ColumnSpec<CurveSource>.NullableDouble("val_accuracy", r => NullIfNaN(r.Point.ValAccuracy)),
        ColumnSpec<CurveSource>.NullableDouble("test_accuracy", r => NullIfNaN(r.Point.TestAccuracy)),
    });

    /// <summary>
    /// <c>layers</c>: one row per prunable layer of a completed task — weights, non-zero weights,
    /// density and the dense layer's multiply-adds per example (ShrinkBench's per-layer view).
    /// </summary>
    public static readonly ParquetDataset<(TaskSpec Spec, LayerStat Layer)> Layers = new("layers", l => l.LayersDir, LayerRowsOf, new[]
    {
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.Int32("schema_version", _ => Version),
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.String("study", r => r.Spec.Study),
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.String("task_id", r => r.Spec.TaskId),
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.String("layer", r => r.Layer.Layer),
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.String("kind", r => r.Layer.Kind),
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.NullableInt64("weights_total", r => r.Layer.Total),
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.NullableInt64("weights_nonzero", r => r.Layer.Nonzero),
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.NullableDouble("density", r => r.Layer.Total == 0 ? null : r.Layer.Nonzero / (double)r.Layer.Total),
        ColumnSpec<(TaskSpec Spec, LayerStat Layer)>.NullableDouble("flops_dense", r => r.Layer.FlopsDense),
    });

    /// <summary>
    /// <c>interpolation</c>: one row per α on the line between the two networks of a linear-mode-
    /// connectivity pair (method <c>lmc</c>), with test and train loss and accuracy.
    /// </summary>
    public static readonly ParquetDataset<(TaskSpec Spec, InterpolationPoint Point)> Interpolation = new("interpolation", l => l.InterpolationDir, InterpolationRowsOf, new[]
    {
        ColumnSpec<(TaskSpec Spec, InterpolationPoint Point)>.Int32("schema_version", _ => Version),
        ColumnSpec<(TaskSpec Spec, InterpolationPoint Point)>.String("study", r => r.Spec.Study),
        ColumnSpec<(TaskSpec Spec, InterpolationPoint Point)>.String("task_id", r => r.Spec.TaskId),
        ColumnSpec<(TaskSpec Spec, InterpolationPoint Point)>.NullableDouble("alpha", r => r.Point.Alpha),
        ColumnSpec<(TaskSpec Spec, InterpolationPoint Point)>.NullableDouble("test_loss", r => r.Point.TestLoss),
        ColumnSpec<(TaskSpec Spec, InterpolationPoint Point)>.NullableDouble("test_accuracy", r => r.Point.TestAccuracy),
        ColumnSpec<(TaskSpec Spec, InterpolationPoint Point)>.NullableDouble("train_loss", r => r.Point.TrainLoss),
        ColumnSpec<(TaskSpec Spec, InterpolationPoint Point)>.NullableDouble("train_accuracy", r => r.Point.TrainAccuracy),
    });

    /// <summary>
    /// <c>combinations</c>: one row per task that combines trained networks (an ensemble of sparse networks, a model
    /// soup), with the combination's test accuracy and NLL against its members', and the members' diversity:
    /// prediction disagreement and KL divergence (FreeTickets' measures). Schema version 4.
    /// </summary>
    public static readonly ParquetDataset<(TaskSpec Spec, CombinationResult Combination)> Combinations = new("combinations", l => l.CombinationsDir, CombinationRowsOf, new[]
    {
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.Int32("schema_version", _ => Version),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.String("study", r => r.Spec.Study),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.String("task_id", r => r.Spec.TaskId),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.String("kind", r => r.Combination.Kind),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.Int32("members", r => r.Combination.Members),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.Int32("members_used", r => r.Combination.MembersUsed),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.NullableDouble("test_accuracy", r => NullIfNaN(r.Combination.TestAccuracy)),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.NullableDouble("test_nll", r => NullIfNaN(r.Combination.TestNll)),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.NullableDouble("member_mean_test_accuracy", r => NullIfNaN(r.Combination.MemberMeanTestAccuracy)),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.NullableDouble("best_member_test_accuracy", r => NullIfNaN(r.Combination.BestMemberTestAccuracy)),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.NullableDouble("member_mean_test_nll", r => NullIfNaN(r.Combination.MemberMeanTestNll)),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.NullableDouble("disagreement", r => NullIfNaN(r.Combination.Disagreement)),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.NullableDouble("kl_divergence", r => NullIfNaN(r.Combination.KlDivergence)),
        ColumnSpec<(TaskSpec Spec, CombinationResult Combination)>.NullableDouble("mask_overlap", r => r.Combination.MaskOverlap),
    });

    /// <summary>
    /// <c>faults</c>: one row per fault of a node (device lost, out of memory, native library failure, artifacts
    /// that could not be moved) while it held a task. Such an attempt does not count against the task, which
    /// runs again elsewhere; <c>excluded</c> marks the fault after which the node received no more work.
    /// Written as faults happen, independently of <see cref="Trials"/>.
    /// </summary>
    public static readonly ParquetDataset<NodeFaultRecord> Faults = new("faults", l => l.FaultsDir, _ => Array.Empty<NodeFaultRecord>(), new[]
    {
        ColumnSpec<NodeFaultRecord>.Int32("schema_version", _ => Version),
        ColumnSpec<NodeFaultRecord>.String("study", r => r.Study),
        ColumnSpec<NodeFaultRecord>.String("node", r => r.Node),
        ColumnSpec<NodeFaultRecord>.String("task_id", r => r.TaskId),
        ColumnSpec<NodeFaultRecord>.Int32("attempt", r => r.Attempt),
        ColumnSpec<NodeFaultRecord>.String("error", r => r.Error),
        ColumnSpec<NodeFaultRecord>.UtcTimestamp("at", r => r.At),
        ColumnSpec<NodeFaultRecord>.Bool("excluded", r => r.Excluded),
    });

    /// <summary>
    /// <c>robustness</c>: one row per shifted test set a completed task was measured on — a corrupted copy of the test split
    /// (MNIST-C's corruptions) or its adversarial examples (FGSM, L∞ PGD) — at the early-stop point and at the end, with the
    /// accuracy there. Rows exist only for tasks whose <c>training.robustness</c> asks. Schema version 8.
    /// </summary>
    public static readonly ParquetDataset<(TaskSpec Spec, RobustnessPoint Point)> Robustness = new("robustness", l => l.RobustnessDir, RobustnessRowsOf, new[]
    {
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.Int32("schema_version", _ => Version),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.String("study", r => r.Spec.Study),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.String("task_id", r => r.Spec.TaskId),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.String("point", r => r.Point.Point),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.String("kind", r => r.Point.Kind),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.String("name", r => r.Point.Name),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.Int32("severity", r => r.Point.Severity),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.NullableDouble("epsilon", r => r.Point.Epsilon),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.NullableInt32("steps", r => r.Point.Steps),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.Int32("examples", r => r.Point.Examples),
        ColumnSpec<(TaskSpec Spec, RobustnessPoint Point)>.NullableDouble("accuracy", r => NullIfNaN(r.Point.Accuracy)),
    });

    /// <summary>Datasets that detail a task, written before its <see cref="Trials"/> row. New datasets go here.</summary>
    public static readonly IReadOnlyList<ParquetDataset> Details = new ParquetDataset[] { Curves, Layers, Interpolation, Combinations, Robustness };

    /// <summary>Every dataset written per batch of task records, in publishing order (details first, <see cref="Trials"/> last).</summary>
    public static readonly IReadOnlyList<ParquetDataset> All = Details.Append(Trials).ToArray();

    /// <summary>Every dataset of a study folder, <see cref="Faults"/> included (the contract document lists each).</summary>
    public static readonly IReadOnlyList<ParquetDataset> Documented = All.Append(Faults).ToArray();

    private static double? WallSeconds(TaskRecord r) =>
        r.Result?.WallSeconds ?? (r.Status == TaskStatuses.Skipped ? null : (r.FinishedAt - r.StartedAt).TotalSeconds);

    private static IReadOnlyList<CurveSource> CurveRowsOf(IReadOnlyList<TaskRecord> batch)
    {
        var rows = new List<CurveSource>();
        foreach (var r in batch)
        {
            if (r.Result is null) continue;
            foreach (var p in r.Result.Curve) rows.Add((r.Spec, p));
        }
        return rows;
    }

    private static IReadOnlyList<(TaskSpec, LayerStat)> LayerRowsOf(IReadOnlyList<TaskRecord> batch) =>
        batch.Where(r => r.Result is not null).SelectMany(r => r.Result!.Layers.Select(l => (r.Spec, l))).ToList();

    private static IReadOnlyList<(TaskSpec, InterpolationPoint)> InterpolationRowsOf(IReadOnlyList<TaskRecord> batch) =>
        batch.Where(r => r.Result is not null).SelectMany(r => r.Result!.Interpolation.Select(p => (r.Spec, p))).ToList();

    private static IReadOnlyList<(TaskSpec, CombinationResult)> CombinationRowsOf(IReadOnlyList<TaskRecord> batch) =>
        batch.Where(r => r.Result?.Combination is not null).Select(r => (r.Spec, r.Result!.Combination!)).ToList();

    private static IReadOnlyList<(TaskSpec, RobustnessPoint)> RobustnessRowsOf(IReadOnlyList<TaskRecord> batch) =>
        batch.Where(r => r.Result is not null).SelectMany(r => r.Result!.Robustness.Select(p => (r.Spec, p))).ToList();

    private static double? NullIfNaN(double v) => double.IsNaN(v) ? null : v;
}
