using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.OneShot;

/// <summary>One-shot pruning's plan: the dense run, then one pruned round per target sparsity, with its controls.</summary>
public class OneShotPlanTests
{
    [Test]
    public void OneShot_PrunesTheDenseRunOnce_PerSparsity_WithControlsOffThePrunedRound()
    {
        var g = TaskGraph.Build(MethodStudy.Load("{ name = oneshot, controls = [random-reinit] }", "grid { method.sparsity = [0.5, 0.9] }"));
        var seed1 = g.Tasks.Where(t => t.Seed == 1).ToList();
        Assert.That(seed1.Where(t => t.Round == 1 && t.Branch == Branches.Main).Select(t => t.Hparams.GetDouble(HparamKeys.Sparsity, 0)).Order(), Is.EqualTo(new[] { 0.5, 0.9 }));
        foreach (var pruned in seed1.Where(t => t.Round == 1 && t.Branch == Branches.Main))
            Assert.That(seed1.Single(t => t.TaskId == pruned.ParentTaskId).Round, Is.EqualTo(0));
        foreach (var control in seed1.Where(t => t.Branch == Branches.RandomReinit))
            Assert.That(seed1.Single(t => t.TaskId == control.ParentTaskId), Has.Property("Round").EqualTo(1).And.Property("Branch").EqualTo(Branches.Main));
        Assert.That(MethodStudy.Refusal("{ name = oneshot }"), Does.Contain("methods[0].sparsity: missing"));
    }
}
