using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Study;

public class TrainingHparamsTests
{
    [Test]
    public void LearningRateAt_WarmsUpLinearlyThenDecaysAtEachMilestone()
    {
        var h = TrainingHparams.From(Hparams.From(new KeyValuePair<string, object>[]
        {
            new(HparamKeys.LearningRate, 0.1), new(HparamKeys.WarmupIterations, 10L),
            new(HparamKeys.LrMilestones, new object[] { 100L, 200L }), new(HparamKeys.LrGamma, 0.5),
        }));
        Assert.That(h.LearningRateAt(0), Is.EqualTo(0.01).Within(1e-12));
        Assert.That(h.LearningRateAt(9), Is.EqualTo(0.1).Within(1e-12));
        Assert.That(h.LearningRateAt(99), Is.EqualTo(0.1).Within(1e-12));
        Assert.That(h.LearningRateAt(100), Is.EqualTo(0.05).Within(1e-12));
        Assert.That(h.LearningRateAt(250), Is.EqualTo(0.025).Within(1e-12));
    }

    [Test]
    public void From_EmptyHparams_GivesTheLthPapersLeNetDefaults()
    {
        var h = TrainingHparams.From(Hparams.Empty);
        Assert.That((h.Optimizer, h.LearningRate, h.BatchSize, h.Iterations, h.ValidationSize), Is.EqualTo(("adam", 1.2e-3, 60, 50_000, 5_000)));
    }
}
