using ActorSweep.Core.Methods.Soup;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Soup;

/// <summary>Model soups' plan and options.</summary>
public class SoupPlanTests
{
    [Test]
    public void Soup_FineTunesEveryLearningRateAndSeedFromTheSourceRound_ThenEachSoupHasEveryIngredient()
    {
        var g = TaskGraph.Build(MethodStudy.Combining("{ name = imp, rounds = 2 }, { name = soup, source-method = imp, source-round = 2, finetune-lrs = [0.01, 0.001], finetune-seeds = [1, 2] }"));
        var source = g.Tasks.Single(t => t.Method == "imp" && t.Seed == 1 && t.Round == 2 && t.Branch == Branches.Main);
        var soup = g.Tasks.Where(t => t.Method == "soup" && t.Seed == 1).ToList();
        var ingredients = soup.Where(t => t.Branch == SoupBranches.Ingredient).ToList();
        Assert.That(ingredients.Select(t => t.Round), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(ingredients.All(t => t.ParentTaskIds.SequenceEqual(new[] { source.TaskId })), Is.True, "each ingredient fine-tunes the source round");
        foreach (var branch in new[] { SoupBranches.Uniform, SoupBranches.Greedy })
            Assert.That(soup.Single(t => t.Branch == branch).ParentTaskIds, Is.EqualTo(ingredients.Select(t => t.TaskId)));
        var options = new SoupOptions("imp", 2, new[] { 0.01, 0.001 }, new[] { 1, 2 }, SoupBranches.Soups);
        Assert.That(Enumerable.Range(0, 4).Select(options.Ingredient), Is.EqualTo(new[] { (0.01, 1), (0.01, 2), (0.001, 1), (0.001, 2) }));
    }

    [Test]
    public void Soup_RefusesOneIngredient_AndARoundTheSourceLacks()
    {
        var e = Assert.Throws<StudyValidationException>(() => TaskGraph.Build(MethodStudy.Combining("{ name = dense }, { name = soup, finetune-lrs = [0.01] }")))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains("at least 2 ingredients"));
        e = Assert.Throws<StudyValidationException>(() => TaskGraph.Build(MethodStudy.Combining("{ name = imp, rounds = 1 }, { name = soup, source-method = imp, source-round = 3, finetune-lrs = [0.1, 0.01] }")))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains("method.source-round").Or.Some.Contains("source-round").And.Contains("round 3 is not a round"));
    }
}
