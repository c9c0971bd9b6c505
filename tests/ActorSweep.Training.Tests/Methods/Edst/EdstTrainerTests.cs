using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Methods.Edst;

namespace ActorSweep.Training.Tests.Methods.Edst;

/// <summary>EDST's trainer end to end.</summary>
[NonParallelizable]
public class EdstTrainerTests
{
    private static Dictionary<string, Array> Load(StudyLayout layout, string task, string artifact) =>
        TensorFile.Load(layout.Artifact(task, artifact)).ToDictionary(e => e.Name, e => e.Data);

    [Test]
    public void Edst_SavesEachRefinePhasesBestCheckpoint_AndEnsemblesThem()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run("{ name = edst, members = 3, sparsity = 0.8, update-every = 10 }", training: ", iterations = 120", evalEvery: 10);
        var run = g.Tasks.Single(t => t.Branch == Branches.Main);
        var members = Enumerable.Range(0, 3).Select(i => Load(layout, run.TaskId, EdstTrainer.MemberArtifact(i))).ToList();
        Assert.That(members[0]["layers.0.weight"], Is.Not.EqualTo(members[2]["layers.0.weight"]), "phases end in different networks");
        var ensemble = results[g.Tasks.Single(t => t.Branch == EnsembleBranches.Ensemble).TaskId];
        Assert.That((ensemble.Combination!.Members, ensemble.Combination.Kind), Is.EqualTo((3, "ensemble")));
        Assert.That(ensemble.WeightsRemaining, Is.EqualTo(results[run.TaskId].WeightsRemaining).Within(1e-9));
        Assert.That(ensemble.TestAccuracyFinal, Is.GreaterThan(0.2));
    }
}
