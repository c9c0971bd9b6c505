namespace ActorSweep.Training.Tests.Methods.RandomPruning;

/// <summary>Random pruning end to end: the layer distribution decides each layer's exact count.</summary>
[NonParallelizable]
public class RandomPruningTrainerTests
{
    [Test]
    public void Random_Erk_GivesLayersDifferentDensities_WithTheTargetCountOverall()
    {
        var (g, _, results) = Support.RunnerStudy.Run("{ name = random, sparsity = 0.8, distribution = erk }");
        var r = results[g.Tasks.Single().TaskId];
        const long prunable = 144 * 16 + 16 * 8 + 8 * 10;
        Assert.That(r.Layers.Sum(l => l.Nonzero), Is.EqualTo(prunable - (long)Math.Floor(0.8 * prunable)).Within(3), "per-layer floors of the ERK counts");
        var densities = r.Layers.Select(l => l.Nonzero / (double)l.Total).ToList();
        Assert.That(densities.Max() - densities.Min(), Is.GreaterThan(0.05), "ERK keeps the small layers denser than the large one");
    }
}
