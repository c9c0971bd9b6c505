using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Layout;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Models;
using ActorSweep.Training.Data;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.DstEnsemble;

/// <summary>The DST ensemble's trainer end to end.</summary>
[NonParallelizable]
public class DstEnsembleTrainerTests
{
    private static Dictionary<string, Array> Load(StudyLayout layout, string task, string artifact) =>
        TensorFile.Load(layout.Artifact(task, artifact)).ToDictionary(e => e.Name, e => e.Data);

    [Test]
    public void DstEnsemble_MembersAreIndependentSparseRuns_TheEnsembleRowComparesWithThem()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run("{ name = dst-ensemble, members = 2, sparsity = 0.8, update-every = 20 }");
        var members = g.Tasks.Where(t => t.Branch == EnsembleBranches.Member).ToList();
        Assert.That(Load(layout, members[0].TaskId, ArtifactNames.Init)["layers.0.weight"], Is.Not.EqualTo(Load(layout, members[1].TaskId, ArtifactNames.Init)["layers.0.weight"]),
            "each member its own θ0 and initial mask");
        foreach (var m in members) Assert.That(results[m.TaskId].WeightsRemaining, Is.LessThan(0.35));
        var ensemble = results[g.Tasks.Single(t => t.Branch == EnsembleBranches.Ensemble).TaskId];
        var c = ensemble.Combination!;
        Assert.That((c.Kind, c.Members, c.MembersUsed), Is.EqualTo(("ensemble", 2, 2)));
        Assert.That(c.TestAccuracy, Is.EqualTo(ensemble.TestAccuracyFinal));
        // Each member takes part with its best-validation checkpoint (FreeTickets' main_DST.py): the weights of the first
        // evaluation after θ0 with the highest validation accuracy; by hand, from the member's curve and its best.pt.
        var data = DeviceData.For(DatasetRegistry.Load("synthetic", 400), CPU);
        var store = new ArtifactStore(layout);
        var checkpointTest = new List<double>();
        foreach (var m in members)
        {
            var curve = results[m.TaskId].Curve.Where(p => p.Iteration > 0).ToList();
            var bestVal = curve.Max(p => p.ValAccuracy);
            using var model = ModelRegistry.Create("lenet-16-8", 1, 12, 12, 10);
            store.LoadWeights(m.TaskId, ArtifactNames.BestValidation, model);
            Assert.That(Evaluation.LossAndAccuracy(model, data.ValX, data.ValY, 2000).Accuracy, Is.EqualTo(bestVal).Within(1e-12), $"{m.TaskId}: best.pt is the best-validation checkpoint");
            checkpointTest.Add(Evaluation.LossAndAccuracy(model, data.TestX, data.TestY, 2000).Accuracy);
        }
        Assert.That(c.MemberMeanTestAccuracy, Is.EqualTo(checkpointTest.Average()).Within(1e-9), "the ensemble averages the checkpoints");
        Assert.That(c.Disagreement, Is.InRange(0.0, 1.0));
        Assert.That(c.KlDivergence, Is.GreaterThan(0), "two different networks differ in their outputs");
        Assert.That(c.MaskOverlap, Is.Null);
    }
}
