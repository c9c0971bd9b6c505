using ActorSweep.Core.Tasks;

namespace ActorSweep.Training.Tests.Methods.OneShot;

/// <summary>One-shot magnitude pruning end to end: the dense run, pruned once to the target.</summary>
[NonParallelizable]
public class OneShotTrainerTests
{
    [Test]
    public void OneShot_PrunesTheDenseRunOnce_ToAboutTheTarget_AndTheRetrainedTicketLearns()
    {
        var (g, _, results) = Support.RunnerStudy.Run("{ name = oneshot, sparsity = 0.8 }");
        var dense = results[g.Tasks.Single(t => t.Round == 0).TaskId];
        var pruned = results[g.Tasks.Single(t => t.Round == 1 && t.Branch == Branches.Main).TaskId];
        Assert.That(dense.WeightsRemaining, Is.EqualTo(1.0));
        // Global magnitude pruning of the prunable layers; the model's output-layer rule may keep that layer denser.
        Assert.That(pruned.WeightsRemaining, Is.InRange(0.19, 0.30));
        Assert.That(pruned.TestAccuracyFinal, Is.GreaterThan(0.2), "chance is 0.1");
    }
}
