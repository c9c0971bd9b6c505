using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.WiseFt;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Tests.Methods.WiseFt;

/// <summary>WiSE-FT's trainer end to end on the synthetic set.</summary>
[NonParallelizable]
public class WiseFtTrainerTests
{
    private static Dictionary<string, Array> Load(StudyLayout layout, string task, string artifact) =>
        TensorFile.Load(layout.Artifact(task, artifact)).ToDictionary(e => e.Name, e => e.Data);

    [Test]
    public void WiseFt_FineTunesTheSource_AndEachAlphaIsTheWeightSpaceMix_WithItsEndsTheTwoNetworks()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run("""
            { name = imp, rounds = 1, strategy = global, global-fraction = 0.5 }
            { name = wise-ft, source-method = imp, source-round = 1, alphas = [0, 0.3, 1], training { iterations = 40, lr = 0.003 } }
            """, ", robustness { corruptions = [fog, stripe] }");
        var source = g.Tasks.Single(t => t.Method == "imp" && t.Round == 1 && t.Branch == Branches.Main);
        var fineTuned = g.Tasks.Single(t => t.Branch == WiseFtBranches.FineTuned);
        Assert.That(Load(layout, fineTuned.TaskId, ArtifactNames.Init)["layers.0.weight"], Is.EqualTo(Load(layout, source.TaskId, ArtifactNames.Final)["layers.0.weight"]),
            "fine-tuning starts from the source's trained weights");
        Assert.That(Load(layout, fineTuned.TaskId, ArtifactNames.Mask), Is.EqualTo(Load(layout, source.TaskId, ArtifactNames.Mask)), "and keeps its mask");
        Assert.That(results[fineTuned.TaskId].Iterations, Is.EqualTo(40), "the method block's own schedule");

        var a = (float[])Load(layout, source.TaskId, ArtifactNames.Final)["layers.1.weight"];
        var b = (float[])Load(layout, fineTuned.TaskId, ArtifactNames.Final)["layers.1.weight"];
        var mixed = g.Tasks.Single(t => t.Branch == "alpha-0.3");
        var expected = a.Zip(b, (x, y) => (float)(x * 0.7f + y * 0.3f)).ToArray();
        Assert.That((float[])Load(layout, mixed.TaskId, ArtifactNames.Final)["layers.1.weight"], Is.EqualTo(expected).Within(1e-6f), "θ = 0.7 θ_source + 0.3 θ_fine-tuned");
        Assert.That(results[mixed.TaskId].Iterations, Is.EqualTo(0), "a point is evaluated, not trained");

        var atZero = results[g.Tasks.Single(t => t.Branch == "alpha-0").TaskId];
        var atOne = results[g.Tasks.Single(t => t.Branch == "alpha-1").TaskId];
        Assert.That(atZero.TestAccuracyFinal, Is.EqualTo(results[source.TaskId].TestAccuracyFinal), "α = 0 is the source network");
        Assert.That(atOne.TestAccuracyFinal, Is.EqualTo(results[fineTuned.TaskId].TestAccuracyFinal), "α = 1 is the fine-tuned network");
        Assert.That(atOne.Robustness.Where(p => p.Point == RobustnessPoint.Final), Is.EqualTo(results[fineTuned.TaskId].Robustness.Where(p => p.Point == RobustnessPoint.Final)),
            "and so are its accuracies under shift");
        Assert.That(results[mixed.TaskId].Robustness.Select(p => p.Name).Distinct(), Is.EqualTo(new[] { "stripe", "fog" }), "in MNIST-C's order");
    }
}
