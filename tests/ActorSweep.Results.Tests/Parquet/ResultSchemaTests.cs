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
        }));
    }

    [Test]
    public void All_PublishesEveryDetailDatasetBeforeTrials()
    {
        Assert.That(ResultSchema.All.Select(d => d.Name), Is.EqualTo(new[] { "curves", "trials" }));
        Assert.That(ResultSchema.All[^1], Is.SameAs(ResultSchema.Trials));
    }

    [Test]
    public void All_DatasetNames_MatchTheirFolders()
    {
        var layout = new Core.Layout.StudyLayout("/tmp/study");
        Assert.That(ResultSchema.All.Select(d => Path.GetFileName(d.DirectoryIn(layout))), Is.EqualTo(ResultSchema.All.Select(d => d.Name)));
    }
}
