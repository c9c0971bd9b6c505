using ActorSweep.Training.Models;
using ActorSweep.Training.Optimization;
using ActorSweep.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Loop;

/// <summary>
/// The optimizers the training loop uses: TorchSharp's Adam and SGD steps with their Scalars held alive. They must
/// give the very weights TorchSharp's own optimizers give (studies stay bit-identical), and keep giving them while
/// another thread forces collections and finalizers without pause (the race that failed LTH tasks).
/// </summary>
[NonParallelizable]
public class KeptScalarOptimizerTests
{
    private const int Steps = 25;
    private const int PressedSteps = 150;   // TorchSharp's own Adam failed under the same collector within 11 s here

    private static IEnumerable<TestCaseData> Optimizers()
    {
        yield return new TestCaseData("adam", 0.0, 0.0, false).SetName("Adam");
        yield return new TestCaseData("adam", 0.0, 5e-4, false).SetName("Adam, weight decay");
        yield return new TestCaseData("sgd", 0.0, 0.0, false).SetName("SGD, no momentum");
        yield return new TestCaseData("sgd", 0.9, 5e-4, false).SetName("SGD, momentum and weight decay");
        yield return new TestCaseData("sgd", 0.9, 5e-4, true).SetName("SGD, Nesterov momentum and weight decay");
    }

    [TestCaseSource(nameof(Optimizers))]
    public void Weights_AreBitIdenticalToTorchSharpsOwnOptimizer(string kind, double momentum, double weightDecay, bool nesterov)
    {
        var ours = Train(kind, momentum, weightDecay, nesterov, kept: true, Steps);
        var theirs = Train(kind, momentum, weightDecay, nesterov, kept: false, Steps);
        var initial = Initial();
        Assert.That(ours.Keys, Is.EquivalentTo(theirs.Keys));
        foreach (var (name, w) in ours)
        {
            Assert.That(w.allclose(theirs[name], 0, 0), Is.True, $"{kind}: {name} differs after {Steps} steps");
            Assert.That(w.allclose(initial[name], 0, 0), Is.False, $"{kind}: {name} did not move");
        }
    }

    [TestCase("adam")]
    [TestCase("sgd")]
    public void UnderConstantCollections_TheStepsNeitherFailNorChange(string kind)
    {
        var quiet = Train(kind, 0.9, 5e-4, false, kept: true, PressedSteps);
        Dictionary<string, Tensor> pressed;
        int collections;
        using (var pressure = ConstantCollections.Start())
        {
            pressed = Train(kind, 0.9, 5e-4, false, kept: true, PressedSteps);
            collections = pressure.Count;
        }
        Assert.That(collections, Is.GreaterThan(10), "the collector thread ran during training");
        foreach (var (name, w) in quiet) Assert.That(pressed[name].allclose(w, 0, 0), Is.True, $"{kind}: {name}");
    }

    [Test]
    public void TheLossesWithHeldScalars_AreTheFormerExpressions_BitForBit()
    {
        using var _ = NewDisposeScope();
        using var g = new Generator(3);
        var logits = randn(new long[] { 60, 10 }, generator: g);
        var teacher = randn(new long[] { 60, 10 }, generator: g);
        var labels = randint(0, 10, new long[] { 60 }, generator: g);
        const double alpha = 0.1, kdAlpha = 0.9, temperature = 4.0;
        var other = alpha / 9;
        var targets = nn.functional.one_hot(labels, 10).to(logits.dtype).mul_(1 - alpha - other).add_(other);
        var smoothed = -(nn.functional.log_softmax(logits, 1) * targets).sum() / logits.shape[0];
        Assert.That(ActorSweep.Training.Training.TrainingLoop.SmoothedCrossEntropy(logits, labels, alpha).equal(smoothed).all().item<bool>(), Is.True);
        var logStudent = nn.functional.log_softmax(logits / temperature, 1);
        var logTeacher = nn.functional.log_softmax(teacher / temperature, 1);
        var kd = (logTeacher.exp() * (logTeacher - logStudent)).sum(1).mean() * (kdAlpha * temperature * temperature)
                 + nn.functional.cross_entropy(logits, labels) * (1 - kdAlpha);
        Assert.That(ActorSweep.Training.Lineage.DistillationLoss.Compute(logits, teacher, labels, kdAlpha, temperature).equal(kd).all().item<bool>(), Is.True);
    }

    private static Dictionary<string, Tensor> Initial()
    {
        using var model = Model();
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
    }

    private static SparseNet Model()
    {
        var model = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using var g = new Generator(11);
        model.Initialize(g, ActorSweep.Core.Study.Initializers.Model);
        return model;
    }

    private static Dictionary<string, Tensor> Train(string kind, double momentum, double weightDecay, bool nesterov, bool kept, int steps)
    {
        using var model = Model();
        using optim.Optimizer optimizer = (kind, kept) switch
        {
            ("adam", true) => new KeptScalarAdam(model.parameters(), 1.2e-3, weightDecay),
            ("adam", false) => optim.Adam(model.parameters(), 1.2e-3, weight_decay: weightDecay),
            ("sgd", true) => new KeptScalarSgd(model.parameters(), 0.1, momentum, weightDecay, nesterov),
            _ => optim.SGD(model.parameters(), 0.1, momentum: momentum, weight_decay: weightDecay, nesterov: nesterov),
        };
        using var g = new Generator(7);
        var x = rand(new long[] { 64, 1, 28, 28 }, generator: g);
        var y = randint(0, 10, new long[] { 64 }, generator: g);
        for (var i = 0; i < steps; i++)
        {
            using var _ = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(x), y).backward();
            optimizer.step();
        }
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
    }
}
