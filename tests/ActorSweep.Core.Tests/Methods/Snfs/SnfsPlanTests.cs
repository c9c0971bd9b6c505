using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Methods.Set;
using ActorSweep.Core.Methods.Snfs;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Snfs;

/// <summary>Sparse momentum's options.</summary>
public class SnfsPlanTests
{
    private static readonly StudyCatalog Catalog = new(new[] { "mnist", "synthetic" }, m => m.StartsWith("lenet", StringComparison.Ordinal), "lenet");

    private static StudySpec Load(string methods, string training = "iterations = 1000") => new StudyLoader(Catalog).LoadText($$"""
        name = p
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training { {{training}} }
        methods = [ {{methods}} ]
        """, "p.hocon");

    private readonly record struct SparseLearningScheduleOf(double Rate, string Decay)
    {
        public Core.Sparsity.SparseLearningSchedule Value => new(Rate, Decay);
    }

    [Test]
    public void Snfs_DefaultsAreSparseLearningsMnistSettings()
    {
        var trial = Load("{ name = snfs, sparsity = 0.95 }").ExpandTrials().Single();
        var o = new SnfsMethod().Bind(trial.Hparams);
        Assert.That(o, Is.EqualTo(new SnfsOptions(0.95, "uniform", new SparseLearningScheduleOf(0.5, "cosine").Value, SparseLearningGrowth.Momentum, Redistribution.Momentum)));
    }
}
