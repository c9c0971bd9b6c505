using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Tests.Lineage;

/// <summary>
/// A block's <c>retraining { }</c> applies to the retraining of a found mask only: the mask is found exactly as without
/// it, and the retraining starts where the method's own training of that mask starts.
/// </summary>
[NonParallelizable]
public class RetrainingTests
{
    private const string Recipe = "retraining { label-smoothing = 0.1, activation = mish }";

    private static Dictionary<string, Array> Load(StudyLayout layout, string task, string artifact) =>
        TensorFile.Load(layout.Artifact(task, artifact)).ToDictionary(e => e.Name, e => e.Data);

    [Test]
    public void Imp_FindsTheSameMasks_AndEachRoundsRetrainedBranchStartsFromThatRoundsStart()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run($"{{ name = imp, rounds = 2 }}\n{{ name = imp, rounds = 2, {Recipe} }}", ", iterations = 60");
        var plain = g.Tasks.Where(t => t.Branch == Branches.Main && !t.Hparams.Contains("retraining.activation")).ToDictionary(t => t.Round);
        var searched = g.Tasks.Where(t => t.Branch == Branches.Main && t.Hparams.Contains("retraining.activation")).ToDictionary(t => t.Round);
        var retrained = g.Tasks.Where(t => t.Branch == Branches.Retrained).ToDictionary(t => t.Round);
        Assert.That(retrained.Keys, Is.EquivalentTo(new[] { 0, 1, 2 }));
        foreach (var round in new[] { 0, 1, 2 })
        {
            var (a, b) = (results[plain[round].TaskId], results[searched[round].TaskId]);
            Assert.That((b.TestAccuracyFinal, b.TrainAccuracyFinal, b.WeightsRemaining), Is.EqualTo((a.TestAccuracyFinal, a.TrainAccuracyFinal, a.WeightsRemaining)),
                $"round {round}: the mask search is the trial's own training, untouched by the retraining options");
            Assert.That(Load(layout, searched[round].TaskId, ArtifactNames.Mask), Is.EqualTo(Load(layout, plain[round].TaskId, ArtifactNames.Mask)));

            var r = retrained[round];
            Assert.That(Load(layout, r.TaskId, ArtifactNames.Mask), Is.EqualTo(Load(layout, searched[round].TaskId, ArtifactNames.Mask)), $"round {round}: the round's mask");
            Assert.That(Load(layout, r.TaskId, ArtifactNames.Init), Is.EqualTo(Load(layout, searched[round].TaskId, ArtifactNames.Init)), $"round {round}: and the round's start");
            Assert.That(results[r.TaskId].TestAccuracyFinal, Is.Not.EqualTo(b.TestAccuracyFinal).Or.Not.EqualTo(b.TrainAccuracyFinal), "trained otherwise");
            Assert.That(Load(layout, r.TaskId, ArtifactNames.Final)["layers.0.weight"], Is.Not.EqualTo(Load(layout, searched[round].TaskId, ArtifactNames.Final)["layers.0.weight"]));
        }
    }

    [Test]
    public void Snip_ScoresTheSameMask_AndTrainsItWithTheRetrainingOptions_WhichEqualToTheTrialsChangeNothing()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run(
            $"{{ name = snip, sparsity = 0.8 }}\n{{ name = snip, sparsity = 0.8, {Recipe} }}\n{{ name = snip, sparsity = 0.8, retraining {{ activation = relu }} }}", ", iterations = 60");
        var plain = g.Tasks.Single(t => !t.Hparams.Contains("retraining.activation"));
        var recipe = g.Tasks.Single(t => t.Hparams.Contains("retraining.label-smoothing"));
        var same = g.Tasks.Single(t => t.Hparams.Get("retraining.activation") as string == "relu");
        Assert.That(Load(layout, recipe.TaskId, ArtifactNames.Mask), Is.EqualTo(Load(layout, plain.TaskId, ArtifactNames.Mask)), "scored with the trial's activation and loss");
        Assert.That(Load(layout, recipe.TaskId, ArtifactNames.Init), Is.EqualTo(Load(layout, plain.TaskId, ArtifactNames.Init)));
        Assert.That(Load(layout, recipe.TaskId, ArtifactNames.Final)["layers.0.weight"], Is.Not.EqualTo(Load(layout, plain.TaskId, ArtifactNames.Final)["layers.0.weight"]), "trained with Mish and label smoothing");
        Assert.That(Load(layout, same.TaskId, ArtifactNames.Final), Is.EqualTo(Load(layout, plain.TaskId, ArtifactNames.Final)), "retraining options equal to the trial's: the same run");
        Assert.That(results[same.TaskId].TestAccuracyFinal, Is.EqualTo(results[plain.TaskId].TestAccuracyFinal));
    }
}
