using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods;

public class MethodPlansTests
{
    [Test]
    public void PruningAtInitAndDynamicSparse_AreOneTaskPerTrial_OverTheSparsityGrid()
    {
        var g = TaskGraph.Build(MethodStudy.Load("{ name = snip }, { name = grasp }, { name = synflow }, { name = random }, { name = set }, { name = rigl }, { name = imp, rounds = 2 }",
            "grid { method.sparsity = [0.8, 0.9] }"));
        foreach (var m in new[] { "snip", "grasp", "synflow", "random", "set", "rigl" })
        {
            var tasks = g.Tasks.Where(t => t.Method == m).ToList();
            Assert.That(tasks, Has.Count.EqualTo(2 * 2), $"{m}: 2 sparsities × 2 seeds");
            Assert.That(tasks.All(t => t.ParentTaskId is null && t.Round == 1 && t.Branch == Branches.Main), Is.True, m);
            Assert.That(tasks.Select(t => t.Hparams.GetDouble(HparamKeys.Sparsity, 0)).Distinct().Order(), Is.EqualTo(new[] { 0.8, 0.9 }));
        }
        Assert.That(g.Tasks.Count(t => t.Method == "imp"), Is.EqualTo(2 * 3), "imp takes no sparsity: its rounds give the levels");
    }

    [Test]
    public void BadMethodOptions_AreLocatedErrors()
    {
        var e = Assert.Throws<StudyValidationException>(() => MethodStudy.Load("{ name = imp, retrain = rewind-lr, controls = [scratch-c] }, { name = rigl, sparsity = 0.9, distribution = snfs }, { name = snip }"))!;
        Assert.That(e.Message, Does.Contain("methods[0].retrain").And.Contain("weight-rewind, lr-rewind, finetune"));
        Assert.That(e.Message, Does.Contain("methods[0].controls").And.Contain("'scratch-c' is not one of random-reinit, random-mask, scratch-b"));
        Assert.That(e.Message, Does.Contain("methods[1].distribution").And.Contain("uniform, er, erk"));
        Assert.That(e.Message, Does.Contain("methods[2].sparsity: missing; method snip needs a number (here or as grid.method.sparsity)"));
        var kd = Assert.Throws<StudyValidationException>(() => MethodStudy.Load("{ name = imp, kd-alpha = 0.5 }"))!;
        Assert.That(kd.Message, Does.Contain("method.kd-alpha and method.kd-temperature only apply with method.distill = true"));
    }
}
