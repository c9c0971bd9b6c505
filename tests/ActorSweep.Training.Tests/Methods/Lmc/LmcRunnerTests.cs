using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Tests.Methods.Lmc;

/// <summary>LMC's pair end to end through the runner.</summary>
[NonParallelizable]
public class LmcRunnerTests
{
    private static (TaskGraph Graph, StudyLayout Layout, Dictionary<string, TaskResult> Results) Run(string methods, string training = "", string model = "lenet-16-8") =>
        Support.RunnerStudy.Run(methods, training, model);

    [Test]
    public void Lmc_InterpolationEndpoints_AreTheTwoTrainedNetworks()
    {
        var (g, layout, results) = Run("{ name = lmc, rewind-iteration = 20, interpolation-points = 5 }");
        var pair = g.Tasks.Single(t => t.Branch == Branches.Lmc);
        var r = results[pair.TaskId];
        Assert.That(r.Interpolation.Select(p => p.Alpha), Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75, 1.0 }));
        var data = DeviceData.For(DatasetRegistry.Load("synthetic", 400), TorchSharp.torch.CPU);
        using var a = ModelRegistry.Create("lenet-16-8", 1, 12, 12, 10);
        using var b = ModelRegistry.Create("lenet-16-8", 1, 12, 12, 10);
        new ArtifactStore(layout).LoadWeights(pair.TaskId, ArtifactNames.Final, a);
        new ArtifactStore(layout).LoadWeights(pair.TaskId, ArtifactNames.FinalB, b);
        var (_, accA) = Evaluation.LossAndAccuracy(a, data.TestX, data.TestY, 2000);
        var (_, accB) = Evaluation.LossAndAccuracy(b, data.TestX, data.TestY, 2000);
        Assert.That(r.Interpolation[0].TestAccuracy, Is.EqualTo(accA), "α = 0 is copy A");
        Assert.That(r.Interpolation[^1].TestAccuracy, Is.EqualTo(accB), "α = 1 is copy B");
        Assert.That(r.Instability, Is.EqualTo(r.Interpolation.Max(p => 1 - p.TestAccuracy) - (2 - accA - accB) / 2).Within(1e-12));
        Assert.That(r.Instability, Is.GreaterThanOrEqualTo(0));
    }
}
