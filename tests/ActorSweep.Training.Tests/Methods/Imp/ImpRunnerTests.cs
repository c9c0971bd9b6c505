using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Tests.Methods.Imp;

/// <summary>IMP's retraining variants end to end through the runner.</summary>
[NonParallelizable]
public class ImpRunnerTests
{
    private static (TaskGraph Graph, StudyLayout Layout, Dictionary<string, TaskResult> Results) Run(string methods, string training = "", string model = "lenet-16-8") =>
        Support.RunnerStudy.Run(methods, training, model);

    [TestCase("lr-rewind")]
    [TestCase("finetune")]
    public void Imp_RetrainingFromTheTrainedWeights_StartsFromTheParentsSurvivors(string retrain)
    {
        var (g, layout, _) = Run($"{{ name = imp, rounds = 1, retrain = {retrain}, rewind-iteration = 40 }}");
        var root = g.Tasks.Single(t => t.Round == 0);
        var pruned = g.Tasks.Single(t => t.Round == 1);
        var parentFinal = TensorFile.Load(layout.Artifact(root.TaskId, ArtifactNames.Final)).ToDictionary(e => e.Name, e => e.Data);
        var init = TensorFile.Load(layout.Artifact(pruned.TaskId, ArtifactNames.Init)).ToDictionary(e => e.Name, e => e.Data);
        var mask = TensorFile.Load(layout.Artifact(pruned.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
        foreach (var (name, m) in mask)
        {
            var p = (float[])parentFinal[name];
            var s = (float[])init[name];
            for (var i = 0; i < m.Length; i++) Assert.That(s[i], Is.EqualTo(p[i] * m[i]), $"{name}[{i}]: the parent's trained weight, masked");
        }
        Assert.That(((float[])init["layers.0.bias"]).SequenceEqual((float[])parentFinal["layers.0.bias"]), Is.True);
    }

    [Test]
    public void Imp_Distilled_AndScratchB_Run_AndScratchBTrainsLongerBySparsity()
    {
        var (g, _, results) = Run("{ name = imp, rounds = 2, distill = true, controls = [scratch-b], scratch-b-max-factor = 10 }");
        var scratch = g.Tasks.Where(t => t.Branch == Branches.ScratchB).OrderBy(t => t.Round).Select(t => results[t.TaskId]).ToList();
        Assert.That(scratch, Has.Count.EqualTo(2));
        foreach (var s in scratch)
            Assert.That(s.Iterations, Is.EqualTo((int)Math.Round(80 * s.FlopsDense!.Value / s.FlopsSparse!.Value)), "Scratch-B: iterations × dense / sparse FLOPs");
        Assert.That(scratch[1].Iterations, Is.GreaterThan(scratch[0].Iterations));
        var distilled = g.Tasks.Where(t => t.Branch == Branches.Main && t.Round > 0).Select(t => results[t.TaskId]);
        Assert.That(distilled.All(r => r.TestAccuracyFinal > 0.3), Is.True);
    }
}
