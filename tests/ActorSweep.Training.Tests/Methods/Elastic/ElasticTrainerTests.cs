using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Elastic;
using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Tests.Methods.Elastic;

/// <summary>Elastic LTH end to end through the runner: an IMP lineage of one depth, its tickets stretched and squeezed.</summary>
[NonParallelizable]
public class ElasticTrainerTests
{
    [Test]
    public void TransformedTickets_StartFromTheMappedRewindWeightsUnderTheMappedMask_AndBaselinesMatchTheirDensity()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run("""
            { name = imp, model = lenet-16-16, rounds = 2, strategy = global, rewind-iteration = 20 }
            { name = elastic, models = [lenet-16-16-16, lenet-16], source-model = lenet-16-16, rewind-iteration = 20, source-rounds = [2],
              baselines = [random-copies, random-prune, snip, grasp, synflow] }
            """);
        var sourceRoot = g.Tasks.Single(t => t.Method == "imp" && t.Round == 0);
        var sourceTicket = g.Tasks.Single(t => t.Method == "imp" && t.Round == 2 && t.Branch == "main");
        var theta = TensorFile.Load(layout.Artifact(sourceRoot.TaskId, ArtifactNames.Rewind)).ToDictionary(e => e.Name, e => e.Data);
        var sourceMask = TensorFile.Load(layout.Artifact(sourceTicket.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);

        var stretched = g.Tasks.Single(t => t.Method == "elastic" && t.Model == "lenet-16-16-16" && t.Branch == ElasticBranches.Ticket);
        var init = TensorFile.Load(layout.Artifact(stretched.TaskId, ArtifactNames.Init)).ToDictionary(e => e.Name, e => e.Data);
        var mask = TensorFile.Load(layout.Artifact(stretched.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
        foreach (var (target, source) in new[] { ("layers.0", "layers.0"), ("layers.1", "layers.1"), ("layers.2", "layers.1"), ("layers.3", "layers.2") })
        {
            Assert.That(mask[$"{target}.weight"], Is.EqualTo(sourceMask[$"{source}.weight"]), $"mask {target} from {source}");
            var expected = ((float[])theta[$"{source}.weight"]).Zip(sourceMask[$"{source}.weight"], (w, m) => w * m).ToArray();
            Assert.That(init[$"{target}.weight"], Is.EqualTo(expected), $"{target} starts from θ_20 of {source}, masked");
            Assert.That(init[$"{target}.bias"], Is.EqualTo(theta[$"{source}.bias"]));
        }
        var ticket = results[stretched.TaskId];
        Assert.That(ticket.TestAccuracyFinal, Is.GreaterThan(0.2), "the transformed ticket learns the synthetic task");

        var kept = mask.Values.Sum(m => m.Count(v => v != 0f));
        foreach (var branch in new[] { ElasticBranches.RandomCopies, ElasticBranches.RandomPrune, ElasticBranches.Snip, ElasticBranches.Grasp, ElasticBranches.SynFlow })
        {
            var task = g.Tasks.Single(t => t.Method == "elastic" && t.Model == "lenet-16-16-16" && t.Branch == branch);
            var baseline = TensorFile.Load(layout.Artifact(task.TaskId, ArtifactNames.Mask)).Sum(e => ((float[])e.Data).Count(v => v != 0f));
            Assert.That(baseline, Is.EqualTo(kept).Within(branch is ElasticBranches.Snip or ElasticBranches.Grasp or ElasticBranches.SynFlow ? 1 : 0), $"{branch} keeps as many weights as the ticket");
            Assert.That(results[task.TaskId].WeightsRemaining, Is.EqualTo(ticket.WeightsRemaining).Within(1e-3));
        }
        var copies = g.Tasks.Single(t => t.Method == "elastic" && t.Model == "lenet-16-16-16" && t.Branch == ElasticBranches.RandomCopies);
        var copiesMask = TensorFile.Load(layout.Artifact(copies.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
        Assert.That(copiesMask["layers.1.weight"], Is.EqualTo(mask["layers.1.weight"]), "the first copy is the ticket's");
        Assert.That(copiesMask["layers.2.weight"], Is.Not.EqualTo(mask["layers.2.weight"]), "the second copy is shuffled");

        var squeezed = g.Tasks.Single(t => t.Method == "elastic" && t.Model == "lenet-16" && t.Branch == ElasticBranches.Ticket);
        var squeezedMask = TensorFile.Load(layout.Artifact(squeezed.TaskId, ArtifactNames.Mask)).ToDictionary(e => e.Name, e => (float[])e.Data);
        Assert.That(squeezedMask["layers.0.weight"], Is.EqualTo(sourceMask["layers.0.weight"]));
        Assert.That(squeezedMask["layers.1.weight"], Is.EqualTo(sourceMask["layers.2.weight"]), "squeezing to one hidden layer keeps the input and output layers");
    }
}
