using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Soup;
using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Tests.Methods.Soup;

/// <summary>Model soups' trainer end to end.</summary>
[NonParallelizable]
public class SoupTrainerTests
{
    private static Dictionary<string, Array> Load(StudyLayout layout, string task, string artifact) =>
        TensorFile.Load(layout.Artifact(task, artifact)).ToDictionary(e => e.Name, e => e.Data);

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
}
