using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Pruning.Dynamic;

namespace ActorSweep.Training.Tests.Methods.Rigl;

/// <summary>RigL's drop-fraction schedule.</summary>
[NonParallelizable]
public class RiglScheduleTests
{
    [Test]
    public void RigL_DropFraction_IsCosineDecayedToTheEndStep_AndUpdatesEveryDeltaT()
    {
        var rigl = new DynamicSparsity(GrowthCriterion.Gradient, iterations: 1000, new MaskUpdateSchedule(UpdateEvery: 100, DropFraction: 0.3, EndFraction: 0.75, MaskUpdateSchedule.Cosine), seed: 1);
        Assert.That(rigl.DropFractionAt(0), Is.EqualTo(0.3).Within(1e-12));
        Assert.That(rigl.DropFractionAt(375), Is.EqualTo(0.15).Within(1e-12), "half-way: α·½(1 + cos(π/2))");
        Assert.That(rigl.DropFractionAt(250), Is.EqualTo(0.3 * 0.5 * (1 + Math.Cos(Math.PI / 3))).Within(1e-12));
        Assert.That(rigl.DropFractionAt(750), Is.EqualTo(0).Within(1e-12));
        Assert.That(rigl.DropFractionAt(900), Is.EqualTo(0).Within(1e-12), "held at 0 after the end step");
        Assert.That(new[] { 0, 100, 700 }.All(rigl.IsUpdateStep), Is.True);
        Assert.That(new[] { 1, 99, 750, 800, 999 }.Any(rigl.IsUpdateStep), Is.False, "750 is not a multiple of ΔT; 800 is past the end");
        Assert.That(rigl.ReplacesOptimizerStep, Is.True);
        var set = new DynamicSparsity(GrowthCriterion.Random, 1000, new MaskUpdateSchedule(100, 0.3, 0.75, MaskUpdateSchedule.Constant), 1);
        Assert.That(set.DropFractionAt(500), Is.EqualTo(0.3));
        Assert.That(set.ReplacesOptimizerStep, Is.False);
    }
}
