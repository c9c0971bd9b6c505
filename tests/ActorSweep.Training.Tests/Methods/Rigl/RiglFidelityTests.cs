using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Tests.Methods.Rigl;

/// <summary>RigL as google-research/rigl does it: which layers are sparse.</summary>
[NonParallelizable]
public class RiglFidelityTests
{
    private static (TaskGraph Graph, StudyLayout Layout, Dictionary<string, TaskResult> Results) Run(string methods, int version, string model = "lenet-16-8", string training = "") =>
        Support.RunnerStudy.Run(methods, training, model, seed: 5, evalEvery: 40, defaultsVersion: version);

    [Test]
    public void Rigl_OnAConvNet_KeepsTheFirstLayerDenseAndUnchanged_AsRiglsCifarCode()
    {
        var (g, layout, results) = Run("{ name = rigl, sparsity = 0.9, update-every = 10 }", DefaultsVersion.Release2, model: "conv-2", training: ", batch-size = 16");
        var task = g.Tasks.Single();
        var mask = TensorFile.Load(layout.Artifact(task.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
        var first = mask.First().Value;
        Assert.That(first.All(v => v == 1f), Is.True, "the first convolution stays dense");
        var rest = mask.Skip(1).ToList();
        var total = rest.Sum(m => (long)m.Value.Length);
        Assert.That(rest.Sum(m => m.Value.LongCount(v => v == 1f)) / (double)total, Is.EqualTo(0.1).Within(0.005), "90 % sparsity over the other layers");
        Assert.That(results[task.TaskId].WeightsRemaining, Is.GreaterThan(0.1));
    }

    [Test]
    public void Rigl_OnAnMlp_PrunesTheFirstLayer_AsRiglsMnistCode()
    {
        var (g, layout, _) = Run("{ name = rigl, sparsity = 0.9, update-every = 10 }", DefaultsVersion.Release2);
        var mask = TensorFile.Load(layout.Artifact(g.Tasks.Single().TaskId, ArtifactNames.Mask)).First();
        Assert.That(((float[])mask.Data).Count(v => v == 1f) / (double)((float[])mask.Data).Length, Is.LessThan(0.5));
    }
}
