using ActorSweep.Core.Tasks;

namespace ActorSweep.Training.Tests.Methods.Dense;

/// <summary>The dense baseline end to end through the runner.</summary>
[NonParallelizable]
public class DenseTrainerTests
{
    [Test]
    public void Dense_TrainsEveryWeight_Learns_AndMeasuresNothingOfItsOwn()
    {
        var (g, _, results) = Support.RunnerStudy.Run("{ name = dense }");
        var r = results[g.Tasks.Single().TaskId];
        Assert.That(r.WeightsRemaining, Is.EqualTo(1.0));
        Assert.That(r.ParamsNonzero, Is.EqualTo(r.ParamsTotal));
        Assert.That(r.FlopsSparse, Is.EqualTo(r.FlopsDense));
        Assert.That(r.TestAccuracyFinal, Is.GreaterThan(0.2), "chance is 0.1");
        Assert.That(r.Measurements, Is.SameAs(Measurements.None));
    }
}
