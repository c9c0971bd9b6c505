using ActorSweep.Core.Robustness;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Tests.Support;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Loop;

/// <summary>
/// Evaluation under shift and adversarial training through the runner on the synthetic set: what is measured where,
/// the attacks' constraints, determinism, and that adversarial training buys robust accuracy.
/// </summary>
[NonParallelizable]
public class RobustnessTests
{
    // Noisy labels make the network overfit, so its early-stop point falls before the end (as in EvaluationPointsTests).
    private const string Overfitting = ", lr = 0.01, iterations = 300, label-noise { kind = random, fraction = 0.6 }";

    private const string Measured = ", robustness { corruptions = [all], attacks = [fgsm, pgd], epsilon = 0.15, pgd-steps = 5, pgd-step-size = 0.05 }";

    [Test]
    public void EveryCorruptionAndAttack_IsMeasuredAtTheEarlyStopPointAndTheEnd_TheSameOnAnotherRun()
    {
        var (graph, _, results) = RunnerStudy.Run("{ name = dense }", Measured + Overfitting);
        var result = results[graph.Tasks.Single().TaskId];
        var expected = Corruptions.Names.Select(n => (RobustnessPoint.Corruption, n)).Concat(new[] { (RobustnessPoint.Attack, "fgsm"), (RobustnessPoint.Attack, "pgd") }).ToList();
        foreach (var point in new[] { RobustnessPoint.EarlyStop, RobustnessPoint.Final })
            Assert.That(result.Robustness.Where(p => p.Point == point).Select(p => (p.Kind, p.Name)), Is.EqualTo(expected), point);
        Assert.That(result.Robustness.Select(p => p.Accuracy), Is.All.InRange(0.0, 1.0));
        Assert.That(result.Robustness.Where(p => p.Kind == RobustnessPoint.Corruption).Select(p => p.Examples), Is.All.EqualTo(600), "the whole test split");
        var pgd = result.Robustness.Single(p => p.Point == RobustnessPoint.Final && p.Name == "pgd");
        Assert.That((pgd.Epsilon, pgd.Steps), Is.EqualTo((0.15, 5)));
        Assert.That(pgd.Accuracy, Is.LessThan(result.TestAccuracyFinal), "PGD lowers the accuracy of a network trained the standard way");
        Assert.That(result.EarlyStopIteration, Is.LessThan(300), "with noisy labels the network overfits, so the early-stop weights are kept ones");
        Assert.That(result.Robustness.Where(p => p.Point == RobustnessPoint.EarlyStop).Select(p => p.Accuracy),
            Is.Not.EqualTo(result.Robustness.Where(p => p.Point == RobustnessPoint.Final).Select(p => p.Accuracy)), "two sets of weights, measured apart");

        var (_, _, again) = RunnerStudy.Run("{ name = dense }", Measured + Overfitting);
        Assert.That(again.Values.Single().Robustness, Is.EqualTo(result.Robustness), "corrupted sets and attack starts are seeded");
    }

    [Test]
    public void WithoutRobustnessKeys_NothingIsMeasured_AndTheRowIsUnchanged()
    {
        var (_, _, plain) = RunnerStudy.Run("{ name = dense }");
        var (_, _, measured) = RunnerStudy.Run("{ name = dense }", Measured);
        Assert.That(plain.Values.Single().Robustness, Is.Empty);
        var (a, b) = (plain.Values.Single(), measured.Values.Single());
        Assert.That((b.TestAccuracyAtEarlyStop, b.TestAccuracyFinal, b.TrainAccuracyFinal), Is.EqualTo((a.TestAccuracyAtEarlyStop, a.TestAccuracyFinal, a.TrainAccuracyFinal)),
            "measuring the network does not change its training");
    }

    [Test]
    public void Attacks_StayInTheEpsilonBallAndThePixelRange_AndRaiseTheLoss()
    {
        var data = DeviceData.For(DatasetRegistry.Load("synthetic", 400), CPU);
        using var model = ModelRegistry.Create("lenet-16-8", 1, 12, 12, 10);
        using var g = new Generator(5);
        model.Initialize(g, Core.Study.Initializers.Model);
        using var space = new PixelSpace(data.InputNormalization, 1, CPU);
        using var scope = NewDisposeScope();
        var x = data.TestX.narrow(0, 0, 200);
        var y = data.TestY.narrow(0, 0, 200);
        using var start = new Generator(1);
        foreach (var adversarial in new[] { Attacks.Fgsm(model, space, x, y, 0.1), Attacks.Pgd(model, space, x, y, 0.1, 10, 0.03, start) })
        {
            Assert.That(adversarial.sub(x).abs().max().item<float>(), Is.LessThanOrEqualTo(0.1f + 1e-6f), "‖δ‖∞ ≤ ε");
            Assert.That((adversarial.min().item<float>(), adversarial.max().item<float>()), Is.EqualTo((0f, 1f)).Using<(float, float)>((a, b) => a.Item1 >= b.Item1 && a.Item2 <= b.Item2), "pixels stay in [0, 1]");
            using (no_grad())
                Assert.That(nn.functional.cross_entropy(model.forward(adversarial), y).item<float>(), Is.GreaterThan(nn.functional.cross_entropy(model.forward(x), y).item<float>()));
        }
        Assert.That(model.parameters().All(p => p.grad is null || p.grad.abs().sum().item<float>() == 0), Is.True, "the parameters' gradients are not touched");
    }

    [Test]
    public void AdversarialTraining_IsSeeded_AndBuysRobustAccuracyUnderPgd()
    {
        const string attack = ", robustness { attacks = [pgd], epsilon = 0.15, pgd-steps = 5, pgd-step-size = 0.05 }, iterations = 800";
        var (_, _, standard) = RunnerStudy.Run("{ name = dense }", attack);
        var (_, _, robust) = RunnerStudy.Run("{ name = dense }", attack + ", adversarial { kind = pgd, epsilon = 0.15, steps = 5, step-size = 0.05 }");
        var (_, _, again) = RunnerStudy.Run("{ name = dense }", attack + ", adversarial { kind = pgd, epsilon = 0.15, steps = 5, step-size = 0.05 }");
        double Pgd(TaskResult r) => r.Robustness.Single(p => p.Point == RobustnessPoint.Final).Accuracy;
        var (s, a) = (standard.Values.Single(), robust.Values.Single());
        Assert.That(Pgd(a), Is.GreaterThan(Pgd(s) + 0.1), $"PGD-trained {Pgd(a):P1} (clean {a.TestAccuracyFinal:P1}) against standard {Pgd(s):P1} (clean {s.TestAccuracyFinal:P1}) under the same attack");
        Assert.That(again.Values.Single().Robustness, Is.EqualTo(a.Robustness));
        Assert.That(again.Values.Single().TestAccuracyFinal, Is.EqualTo(a.TestAccuracyFinal), "the random starts of training are seeded per iteration");
    }

    [Test]
    public void BoostingTickets_RetrainAdversarially_WhileTheSearchTrainsTheStandardWay()
    {
        const string imp = "{ name = imp, rounds = 1, retraining { adversarial { kind = pgd, epsilon = 0.15, steps = 3, step-size = 0.05 } } }";
        var (graph, _, boosted) = RunnerStudy.Run(imp, Measured + ", iterations = 600");
        var (plainGraph, _, plain) = RunnerStudy.Run("{ name = imp, rounds = 1 }", Measured + ", iterations = 600");
        string Place(TaskSpec t) => $"{t.Round}/{t.Branch}";
        var plainByPlace = plainGraph.Tasks.ToDictionary(Place, t => plain[t.TaskId]);
        foreach (var task in graph.Tasks.Where(t => t.Branch == Branches.Main))
            Assert.That(boosted[task.TaskId].TestAccuracyFinal, Is.EqualTo(plainByPlace[Place(task)].TestAccuracyFinal), $"the search ({Place(task)}) is standard training");
        var retrained = graph.Tasks.Where(t => t.Branch == Branches.Retrained).ToList();
        Assert.That(retrained, Is.Not.Empty);
        foreach (var task in retrained)
        {
            var pgd = boosted[task.TaskId].Robustness.Single(p => p.Point == RobustnessPoint.Final && p.Name == "pgd").Accuracy;
            var searchPgd = plainByPlace[$"{task.Round}/{Branches.Main}"].Robustness.Single(p => p.Point == RobustnessPoint.Final && p.Name == "pgd").Accuracy;
            Assert.That(pgd, Is.GreaterThan(searchPgd), $"round {task.Round}'s adversarially retrained ticket is more robust than its standard-trained network");
        }
    }
}
