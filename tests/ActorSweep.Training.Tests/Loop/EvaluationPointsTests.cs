using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Tests.Support;

namespace ActorSweep.Training.Tests.Loop;

/// <summary>
/// The test split is measured only where the trials row reads it (the early-stop point and the end) unless the study asks
/// for a test curve; the rows must not change either way.
/// </summary>
[NonParallelizable]
public class EvaluationPointsTests
{
    // Noisy labels make the network overfit, so the early-stop point falls before the end in some tasks and
    // the kept best weights, not the final ones, are what the test split is measured on.
    private const string Methods = "{ name = imp, rounds = 2, controls = [random-reinit] }";
    private const string Training = ", lr = 0.01, iterations = 300, eval-every = 20, label-noise { kind = random, fraction = 0.6 }";

    [Test]
    public void WithoutTestCurve_RowsAreIdentical_AndTestIsMeasuredOnlyAtEarlyStopAndEnd()
    {
        var (curveGraph, _, withCurve) = RunnerStudy.Run(Methods, Training + ", test-curve = true");
        var (graph, _, without) = RunnerStudy.Run(Methods, Training);
        Assert.That(graph.Tasks.Select(t => t.DefaultsVersion), Is.All.GreaterThanOrEqualTo(DefaultsVersion.Release3), "the test curve is off by default from release 3");

        string Place(TaskSpec t) => $"{t.Round}/{t.Branch}";
        var byPlace = curveGraph.Tasks.ToDictionary(Place, t => withCurve[t.TaskId]);
        var earlierStops = 0;
        foreach (var task in graph.Tasks)
        {
            var a = without[task.TaskId];
            var b = byPlace[Place(task)];
            Assert.That((a.EarlyStopIteration, a.TestAccuracyAtEarlyStop, a.TestAccuracyFinal, a.TrainAccuracyFinal),
                Is.EqualTo((b.EarlyStopIteration, b.TestAccuracyAtEarlyStop, b.TestAccuracyFinal, b.TrainAccuracyFinal)), Place(task));
            Assert.That(a.Curve.Select(p => (p.Iteration, p.TrainLoss, p.ValLoss, p.ValAccuracy)), Is.EqualTo(b.Curve.Select(p => (p.Iteration, p.TrainLoss, p.ValLoss, p.ValAccuracy))));
            Assert.That(b.Curve.Select(p => p.TestAccuracy), Has.None.NaN, "a test curve measures every point");
            var measured = a.Curve.Where(p => !double.IsNaN(p.TestAccuracy)).Select(p => p.Iteration).ToList();
            Assert.That(measured, Is.EquivalentTo(new[] { a.EarlyStopIteration, a.Curve[^1].Iteration }.Distinct()), Place(task));
            Assert.That(a.Curve.Single(p => p.Iteration == a.EarlyStopIteration).TestAccuracy, Is.EqualTo(a.TestAccuracyAtEarlyStop));
            if (a.EarlyStopIteration < a.Curve[^1].Iteration) earlierStops++;
        }
        Assert.That(earlierStops, Is.GreaterThan(0), "some task stops early, so the kept weights were measured");
    }

    [Test]
    public void StudiesOfRelease2_KeepTheTestCurve()
    {
        Assert.That(TrainingHparams.From(Hparams.Empty, DefaultsVersion.Release2).TestCurve, Is.True);
        Assert.That(TrainingHparams.From(Hparams.Empty, DefaultsVersion.Release3).TestCurve, Is.False);
    }
}
