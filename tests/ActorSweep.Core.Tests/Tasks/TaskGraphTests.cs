using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Study;

namespace ActorSweep.Core.Tests.Tasks;

public class TaskGraphTests
{
    private static TaskGraph Graph(string text) => TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText(text, "s.hocon"));

    [Test]
    public void Build_ImpWithControl_HasOneTaskPerRoundAndOneControlPerPrunedRound()
    {
        var g = Graph(StudyLoaderTests.Valid);
        // grid 2 × seeds 2 × (imp: 1 + 3 rounds + 3 controls = 7, dense: 1) = 32
        Assert.That(g.Trials, Has.Count.EqualTo(8));
        Assert.That(g.Tasks, Has.Count.EqualTo(32));
        var trial = g.Trials.First(t => t.Method == "imp");
        var tasks = g.Tasks.Where(t => t.TrialId == trial.TrialId).ToList();
        Assert.That(tasks.Count(t => t.Branch == Branches.Main), Is.EqualTo(4));
        Assert.That(tasks.Count(t => t.Branch == Branches.RandomReinit), Is.EqualTo(3));
    }

    [Test]
    public void Build_EachRound_DependsOnThePreviousRoundAndControlsOnTheirRound()
    {
        var g = Graph(StudyLoaderTests.Valid);
        var byId = g.Tasks.ToDictionary(t => t.TaskId);
        foreach (var t in g.Tasks)
        {
            if (t.Round == 0) { Assert.That(t.ParentTaskId, Is.Null); continue; }
            var parent = byId[t.ParentTaskId!];
            Assert.That(parent.Branch, Is.EqualTo(Branches.Main));
            Assert.That(parent.Round, Is.EqualTo(t.Branch == Branches.Main ? t.Round - 1 : t.Round));
            Assert.That(byId[t.RootTaskId!].Round, Is.EqualTo(0));
            Assert.That(g.Tasks.ToList().IndexOf(parent), Is.LessThan(g.Tasks.ToList().IndexOf(t)), "parents come first");
        }
    }

    [Test]
    public void Build_TrialHparams_IncludeGridValueSeedAndMethod()
    {
        var g = Graph(StudyLoaderTests.Valid);
        Assert.That(g.Trials.Select(t => t.Hparams.GetDouble(HparamKeys.LearningRate, 0)).Distinct(), Is.EquivalentTo(new[] { 1e-3, 2e-3 }));
        Assert.That(g.Trials.All(t => t.Hparams.GetLong(HparamKeys.Seed, -1) == t.Seed), Is.True);
        Assert.That(g.Trials.Select(t => t.TrialId).Distinct().Count(), Is.EqualTo(g.Trials.Count));
    }

    [Test]
    public void Build_GridKeyAMethodIgnores_DoesNotMultiplyThatMethodsTrials()
    {
        var g = Graph(StudyLoaderTests.Valid.Replace("rounds = 3, ", "").Replace("grid { training.lr = [1e-3, 2e-3] }", "grid { method.rounds = [1, 2] }"));
        Assert.That(g.Trials.Count(t => t.Method == "dense"), Is.EqualTo(2), "one per seed, not per rounds value");
        Assert.That(g.Trials.Count(t => t.Method == "imp"), Is.EqualTo(4));
    }
}
