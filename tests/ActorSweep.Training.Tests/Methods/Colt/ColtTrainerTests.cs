using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Colt;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Methods.Colt;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;

namespace ActorSweep.Training.Tests.Methods.Colt;

/// <summary>COLT's trainer end to end.</summary>
[NonParallelizable]
public class ColtTrainerTests
{
    private static Dictionary<string, Array> Load(StudyLayout layout, string task, string artifact) =>
        TensorFile.Load(layout.Artifact(task, artifact)).ToDictionary(e => e.Name, e => e.Data);

    private sealed record ColtTask(TaskSpec Spec)
    {
        public string Id => Spec.TaskId;
    }

    [Test]
    public void Colt_PrunesEachPartModel_IntersectsTheMasks_RewindsToTheCommonInit_AndTrainsTheFullHeadOnTheOverlap()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run("{ name = colt, rounds = 2, global-fraction = 0.5 }");
        ColtTask Task(int round, string branch) => new(g.Tasks.Single(t => t.Round == round && t.Branch == branch));
        var (p0, p1) = (Task(0, "part-0"), Task(0, "part-1"));
        var theta0 = Load(layout, p0.Id, ArtifactNames.Init);
        Assert.That(Load(layout, p1.Id, ArtifactNames.Init), Is.EqualTo(theta0), "every part starts from the same θ0");
        Assert.That(((float[])theta0["layers.2.weight"]).Length, Is.EqualTo(5 * 8), "a 5-way head for 10 classes in 2 parts");
        Assert.That(results[p0.Id].TestAccuracyFinal, Is.GreaterThan(0.4), "part 0 learns its 5 classes (chance 0.2)");

        var options = new ColtOptions(2, 2, 0.5, true, true);
        var layers = new[] { ("layers.0.weight", LayerKind.Fc), ("layers.1.weight", LayerKind.Fc), ("layers.2.weight", LayerKind.Output) }
            .Select(l => new PrunableLayer(l.Item1, l.Item2, new long[] { ((float[])theta0[l.Item1]).Length })).ToArray();
        Mask MaskOf(string task) => new(layers, Load(layout, task, ArtifactNames.Mask).ToDictionary(e => e.Key, e => (float[])e.Value));
        Dictionary<string, float[]> Final(string task) => Load(layout, task, ArtifactNames.Final).Where(e => e.Key.EndsWith(".weight")).ToDictionary(e => e.Key, e => (float[])e.Value);

        double previousDensity = 1;
        foreach (var round in new[] { 1, 2 })
        {
            var parents = new[] { Task(round - 1, "part-0"), Task(round - 1, "part-1") };
            var pruned = parents.Select(p => ColtTrainer.Prune(MaskOf(p.Id), Final(p.Id), options)).ToList();
            var expected = MaskOverlap.Intersection(pruned);
            foreach (var part in new[] { "part-0", "part-1" })
            {
                var task = Task(round, part);
                var mask = MaskOf(task.Id);
                foreach (var l in layers) Assert.That(mask[l.Name], Is.EqualTo(expected[l.Name]), $"round {round} {part} {l.Name}: the AND of both parents' pruned masks");
                var init = Load(layout, task.Id, ArtifactNames.Init);
                foreach (var l in layers)
                    Assert.That(init[l.Name], Is.EqualTo(((float[])theta0[l.Name]).Zip(mask[l.Name], (w, m) => w * m).ToArray()), $"round {round} {part} rewinds {l.Name} to θ0");
                var measure = results[task.Id].Combination!;
                Assert.That((measure.Kind, measure.Members), Is.EqualTo((ColtTrainer.Kind, 2)));
                Assert.That(measure.MaskOverlap, Is.EqualTo(MaskOverlap.IntersectionOverUnion(pruned, l => l.Kind != LayerKind.Output)).Within(1e-12));
                Assert.That(measure.MaskOverlap, Is.GreaterThan(0).And.LessThanOrEqualTo(1));
            }
            Assert.That(expected["layers.2.weight"].All(v => v == 1f), Is.True, "the output layer is left out of pruning, as the reference's output ratio 0");
            var density = results[Task(round, "part-0").Id].WeightsRemaining;
            Assert.That(density, Is.LessThan(previousDensity));
            previousDensity = density;

            var full = Task(round, ColtBranches.Full);
            var fullMask = Load(layout, full.Id, ArtifactNames.Mask);
            var fullInit = Load(layout, full.Id, ArtifactNames.Init);
            Assert.That(((float[])fullMask["layers.2.weight"]).Length, Is.EqualTo(10 * 8), "the full task has a 10-way head");
            Assert.That(((float[])fullMask["layers.2.weight"]).All(v => v == 1f), Is.True);
            foreach (var hidden in new[] { "layers.0.weight", "layers.1.weight" })
            {
                Assert.That(fullMask[hidden], Is.EqualTo(expected[hidden]), $"round {round}: the full task keeps the overlap ticket's {hidden}");
                Assert.That(fullInit[hidden], Is.EqualTo(Load(layout, Task(round, "part-0").Id, ArtifactNames.Init)[hidden]), $"and the common θ0 of {hidden}");
            }
            Assert.That(results[full.Id].TestAccuracyFinal, Is.GreaterThan(0.3), "the overlap ticket learns all 10 classes");
        }
    }
}
