using ActorSweep.Results.Parquet;

namespace ActorSweep.Results.Tests.Parquet;

public class ResultSchemaTests
{
    [Test]
    public void Trials_Columns_AreThePublishedContractInOrder()
    {
        // A public format: pandas, Spark and DuckDB queries name these. Only ever append.
        Assert.That(ResultSchema.Trials.Columns.Select(c => c.Field.Name), Is.EqualTo(new[]
        {
            "schema_version", "study", "trial_id", "task_id", "parent_task_id", "method", "branch", "model", "dataset", "seed", "round",
            "weights_remaining", "params_total", "params_nonzero", "early_stop_iteration", "test_accuracy_at_early_stop", "test_accuracy_final",
            "train_accuracy_final", "iterations", "wall_seconds", "node", "device", "status", "error", "attempt", "hparams", "started_at", "finished_at",
            // schema version 2
            "flops_dense", "flops_sparse", "compression_ratio", "flop_speedup", "instability",
            // schema version 3; 5 (Early-Bird's two, frozen since 6); 6 (every method's declared measurements); 7 (the task store)
            "parent_task_ids", "defaults_version", "ticket_drawn_at", "training_saved", "metrics", "reused_from",
        }));
    }

    [Test]
    public void DetailDatasets_Columns_AreThePublishedContractInOrder()
    {
        Assert.That(ResultSchema.Layers.Columns.Select(c => c.Field.Name), Is.EqualTo(new[]
            { "schema_version", "study", "task_id", "layer", "kind", "weights_total", "weights_nonzero", "density", "flops_dense" }));
        Assert.That(ResultSchema.Interpolation.Columns.Select(c => c.Field.Name), Is.EqualTo(new[]
            { "schema_version", "study", "task_id", "alpha", "test_loss", "test_accuracy", "train_loss", "train_accuracy" }));
    }

    [Test]
    public void All_PublishesEveryDetailDatasetBeforeTrials()
    {
        Assert.That(ResultSchema.All.Select(d => d.Name), Is.EqualTo(new[] { "curves", "layers", "interpolation", "combinations", "robustness", "trials" }));
        Assert.That(ResultSchema.All[^1], Is.SameAs(ResultSchema.Trials));
    }

    [Test]
    public void All_DatasetNames_MatchTheirFolders()
    {
        var layout = new Core.Layout.StudyLayout("/tmp/study");
        Assert.That(ResultSchema.All.Select(d => Path.GetFileName(d.DirectoryIn(layout))), Is.EqualTo(ResultSchema.All.Select(d => d.Name)));
    }
}
