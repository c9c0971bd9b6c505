using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Colt;
using ActorSweep.Core.Methods.Soup;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Methods.Colt;
using ActorSweep.Training.Methods.Edst;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Data;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.CombinedNetworks;

/// <summary>The methods that combine networks, end to end through the runner on the synthetic dataset (10 classes).</summary>
[NonParallelizable]
public class CombiningTrainersTests
{
    private static Dictionary<string, Array> Load(StudyLayout layout, string task, string artifact) =>
        TensorFile.Load(layout.Artifact(task, artifact)).ToDictionary(e => e.Name, e => e.Data);

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

    [Test]
    public void Soup_IngredientsFineTuneTheSource_TheUniformSoupIsTheirAverage_TheGreedySoupNeverLosesValidationAccuracy()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run("""
            { name = imp, rounds = 1, strategy = global, global-fraction = 0.5 }
            { name = soup, source-method = imp, source-round = 1, finetune-lrs = [0.001, 0.0003], finetune-seeds = [1, 2], training { iterations = 40 } }
            """);
        var source = g.Tasks.Single(t => t.Method == "imp" && t.Round == 1);
        var ingredients = g.Tasks.Where(t => t.Branch == SoupBranches.Ingredient).ToList();
        var sourceMask = Load(layout, source.TaskId, ArtifactNames.Mask);
        var sourceFinal = Load(layout, source.TaskId, ArtifactNames.Final);
        foreach (var i in ingredients)
        {
            Assert.That(Load(layout, i.TaskId, ArtifactNames.Mask), Is.EqualTo(sourceMask), "a sparse source's ingredients keep its mask");
            Assert.That(Load(layout, i.TaskId, ArtifactNames.Init)["layers.0.weight"], Is.EqualTo(sourceFinal["layers.0.weight"]), "and start from its trained weights");
            Assert.That(results[i.TaskId].Iterations, Is.EqualTo(40), "the method block's own training schedule");
        }
        Assert.That(Load(layout, ingredients[0].TaskId, ArtifactNames.Final)["layers.0.weight"], Is.Not.EqualTo(Load(layout, ingredients[1].TaskId, ArtifactNames.Final)["layers.0.weight"]),
            "two data-order seeds give two ingredients");

        var uniform = g.Tasks.Single(t => t.Branch == SoupBranches.Uniform);
        var finals = ingredients.Select(i => (float[])Load(layout, i.TaskId, ArtifactNames.Final)["layers.1.weight"]).ToList();
        var average = Enumerable.Range(0, finals[0].Length).Select(k => (float)(finals.Sum(f => (double)f[k]) / finals.Count)).ToArray();
        Assert.That(Load(layout, uniform.TaskId, ArtifactNames.Final)["layers.1.weight"], Is.EqualTo(average));
        Assert.That(Load(layout, uniform.TaskId, ArtifactNames.Mask), Is.EqualTo(sourceMask), "the soup keeps the shared mask");
        Assert.That(results[uniform.TaskId].Combination!.MembersUsed, Is.EqualTo(4));

        var greedy = results[g.Tasks.Single(t => t.Branch == SoupBranches.Greedy).TaskId];
        var bestIngredientVal = ingredients.Max(i => results[i.TaskId].Curve[^1].ValAccuracy);
        Assert.That(greedy.Curve[^1].ValAccuracy, Is.GreaterThanOrEqualTo(bestIngredientVal - 1e-9), "the greedy soup starts from the best ingredient and only adds what raises validation accuracy");
        Assert.That(greedy.Combination!.MembersUsed, Is.InRange(1, 4));
        Assert.That(greedy.TestAccuracyFinal, Is.EqualTo(greedy.Combination.TestAccuracy));
        Assert.That(greedy.Combination.BestMemberTestAccuracy, Is.EqualTo(ingredients.Select(i => results[i.TaskId]).OrderByDescending(r => r.Curve[^1].ValAccuracy).First().TestAccuracyFinal).Within(1e-9));
    }

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

    private sealed record ColtTask(TaskSpec Spec)
    {
        public string Id => Spec.TaskId;
    }
}
