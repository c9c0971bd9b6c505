namespace ActorSweep.Training.Tests.Methods.Set;

/// <summary>SET's sparse_learning variant end to end: random growth without redistribution keeps the density.</summary>
[NonParallelizable]
public class SetTrainerTests
{
    [Test]
    public void SetSparseLearning_KeepsAboutTheTargetDensity_ThroughItsUpdates_AndLearns()
    {
        // 2,000 training images in batches of 32: 62 steps an epoch, so 200 steps update the mask after epochs 1, 2 and 3.
        var (g, _, results) = Support.RunnerStudy.Run("{ name = set, variant = sparse-learning, sparsity = 0.8 }", ", iterations = 200");
        var r = results[g.Tasks.Single().TaskId];
        // The uniform start keeps each weight with probability 0.2 (sparse_learning's constant init); random growth regrows
        // about what was pruned, so the density stays near the target rather than exactly at it.
        Assert.That(r.WeightsRemaining, Is.EqualTo(0.2).Within(0.03));
        Assert.That(r.TestAccuracyFinal, Is.GreaterThan(0.2), "chance is 0.1");
    }
}
