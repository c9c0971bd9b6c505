using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Study;

namespace ActorSweep.Core.Tests.Tasks;

public class TaskGraphTests
{
    private static TaskGraph Graph(string text) => TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText(text, "s.hocon"));

    [Test]
    public void Fingerprint_IsTheSetOfTaskIds_NotTheirOrder_AndTheGraphOrderedOneOfEarlierReleasesStillMatches()
    {
        var a = Graph(StudyLoaderTests.Valid);
        var b = Graph(StudyLoaderTests.Valid.Replace("""
              { name = imp, rounds = 3, controls = [random-reinit] }
              { name = dense }
            """, """
              { name = dense }
              { name = imp, rounds = 3, controls = [random-reinit] }
            """));
        Assert.That(b.Tasks.Select(t => t.TaskId), Is.EquivalentTo(a.Tasks.Select(t => t.TaskId)));
        Assert.That(b.Tasks.Select(t => t.TaskId), Is.Not.EqualTo(a.Tasks.Select(t => t.TaskId)), "the same tasks, listed in another order");
        Assert.That(b.Fingerprint, Is.EqualTo(a.Fingerprint));
        Assert.That(b.OrderedFingerprint, Is.Not.EqualTo(a.OrderedFingerprint));
        Assert.That(b.Matches(a.Fingerprint) && a.Matches(a.OrderedFingerprint), Is.True);
        Assert.That(b.Matches(a.OrderedFingerprint), Is.False, "an ordered fingerprint is only ever its own graph's");
        Assert.That(Graph(StudyLoaderTests.Valid.Replace("rounds = 3", "rounds = 2")).Matches(a.Fingerprint), Is.False);
    }

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

    /// <summary>Every method of the registry that plans more than a chain, with the chains around them.</summary>
    internal const string EveryMethod = """
        name = every
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2]
        training { iterations = 200, eval-every = 10, batch-size = 16, validation-size = 40 }
        methods = [
          { name = dense }
          { name = imp, models = [lenet-16-8, lenet-16-8-8], rounds = 3, controls = [random-reinit, random-mask, scratch-b] }
          { name = imp, model = lenet-16-16, rounds = 1, distill = true }
          { name = oneshot, sparsity = 0.8 }
          { name = lmc, rewind-iteration = 10, interpolation-points = 3 }
          { name = early-bird, ratio = 0.5 }
          { name = dst-ensemble, members = 4, sparsity = 0.8, update-every = 10 }
          { name = edst, sparsity = 0.8, update-every = 10 }
          { name = sup-tickets, sparsity = 0.8, update-every = 10 }
          { name = colt, parts = 2, rounds = 2 }
          { name = soup, source-method = dense, finetune-lrs = [1e-3, 1e-4], finetune-seeds = [1, 2] }
          { name = elastic, model = lenet-16-8-8, source-model = lenet-16-8, source-rounds = [1, 3], baselines = [random-copies, random-prune] }
        ]
        """;

    // Maps any LeNet onto any other (Training's depth morphism decides for real; the graph needs only an answer).
    private static readonly StudyCatalog AnyMapping = new(new[] { "synthetic" }, m => m.StartsWith("lenet-", StringComparison.Ordinal), "lenet-H1-H2")
    {
        ModelMapping = (_, _, _) => null,
    };

    private static TaskGraph EveryMethodGraph() => TaskGraph.Build(new StudyLoader(AnyMapping).LoadText(EveryMethod, "every.hocon"));

    [Test]
    public void Build_EveryInputOfATask_IsOneOfItsAncestors()
    {
        var g = EveryMethodGraph();
        var byId = g.Tasks.ToDictionary(t => t.TaskId);
        var ancestors = new Dictionary<string, HashSet<string>>();
        foreach (var t in g.Tasks)   // parents come first, so every parent's set is known
        {
            var set = new HashSet<string>();
            foreach (var p in t.ParentTaskIds) { set.Add(p); set.UnionWith(ancestors[p]); }
            ancestors[t.TaskId] = set;
        }
        Assert.That(g.Tasks.Select(t => t.Method).Distinct().Count(), Is.EqualTo(11));
        foreach (var t in g.Tasks)
            foreach (var input in t.InputTaskIds)
                Assert.That(ancestors[t.TaskId], Does.Contain(input), $"{t.Method} {t.Branch} round {t.Round}: input {byId[input].Method} {byId[input].Branch} round {byId[input].Round} is not an ancestor");
    }

    [Test]
    public void Build_MembersOfACombination_HaveNoRoot_WhileAPrunedRoundRewindsToItsTrialsFirstTask()
    {
        var g = EveryMethodGraph();
        Assert.That(g.Tasks.Where(t => t.Method is "dst-ensemble" or "colt" or "soup").Where(t => t.ParentTaskIds.Count == 0).Select(t => t.RootTaskId), Is.All.Null);
        var imp = g.Tasks.Where(t => t.Method == "imp" && t.Round == 2).ToList();
        Assert.That(imp, Is.Not.Empty);
        Assert.That(imp.Select(t => g.Tasks.Single(r => r.TaskId == t.RootTaskId).Round), Is.All.EqualTo(0));
    }
}
