using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Methods.Snfs;
using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tests.Methods.Snfs;

/// <summary>Sparse momentum's options.</summary>
public class SnfsPlanTests
{
    private readonly record struct SparseLearningScheduleOf(double Rate, string Decay)
    {
        public Core.Sparsity.SparseLearningSchedule Value => new(Rate, Decay);
    }

    [Test]
    public void Snfs_DefaultsAreSparseLearningsMnistSettings()
    {
        var trial = MethodStudy.Lineage("{ name = snfs, sparsity = 0.95 }").ExpandTrials().Single();
        var o = new SnfsMethod().Bind(trial.Hparams);
        Assert.That(o, Is.EqualTo(new SnfsOptions(0.95, LayerDistribution.Uniform, new SparseLearningScheduleOf(0.5, "cosine").Value, SparseLearningGrowth.Momentum, Redistribution.Momentum)));
    }
}
