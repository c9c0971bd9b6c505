using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Recipes;

/// <summary>Label noise on hand-made labels, ToST's label-smoothed loss and smooth activations on hand-computed values.</summary>
[NonParallelizable]
public class TrainingRecipesTests
{
    private static readonly byte[] Ten = Enumerable.Range(0, 10).Select(i => (byte)i).ToArray();

    [Test]
    public void RandomLabels_ChangeAtMostCeilNfExamples_FromTheSeed()
    {
        var noisy = NoisyLabels.Apply(Ten, 10, new LabelNoise(LabelNoise.Random, 0.25), seed: 7, "mnist");
        var changed = Enumerable.Range(0, 10).Count(i => noisy[i] != Ten[i]);
        Assert.That(changed, Is.LessThanOrEqualTo(3), "⌈10 · 0.25⌉ = 3 examples get a uniform label (possibly their own)");
        Assert.That(noisy, Is.EqualTo(NoisyLabels.Apply(Ten, 10, new LabelNoise(LabelNoise.Random, 0.25), seed: 7, "mnist")), "seeded");
        Assert.That(Ten, Is.EqualTo(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray()), "the input is not changed");
        var all = NoisyLabels.Apply(Enumerable.Repeat((byte)0, 10_000).ToArray(), 10, new LabelNoise(LabelNoise.Random, 0.5), 3, "mnist");
        Assert.That(all.Count(l => l != 0) / 10_000.0, Is.EqualTo(0.45).Within(0.02), "half the examples drawn, 9 in 10 of those change");
    }

    [Test]
    public void PairFlipAndAsymmetric_AtFractionOne_AreTheDeterministicMaps()
    {
        Assert.That(NoisyLabels.Apply(Ten, 10, new LabelNoise(LabelNoise.PairFlip, 1), 1, "mnist"), Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 0 }));
        Assert.That(NoisyLabels.Apply(Ten, 10, new LabelNoise(LabelNoise.Asymmetric, 1), 1, "mnist"), Is.EqualTo(new byte[] { 0, 1, 7, 8, 4, 6, 5, 7, 8, 9 }),
            "2 → 7, 3 → 8, 5 ↔ 6");
        Assert.That(NoisyLabels.Apply(new byte[] { 0, 1, 0, 1 }, 2, new LabelNoise(LabelNoise.Symmetric, 1), 1, "mnist"), Is.EqualTo(new byte[] { 1, 0, 1, 0 }),
            "two classes, f = 1: every label moves to the other");
        Assert.That(NoisyLabels.Apply(Ten, 10, new LabelNoise(LabelNoise.Symmetric, 0), 1, "mnist"), Is.EqualTo(Ten));
    }

    [Test]
    public void Cifar10AsymmetricNoise_FlipsExactlyCeilNfOfEachPairedClass_AndNothingElse()
    {
        // 25 examples of each class; f = 0.3 → ⌈25 · 0.3⌉ = 8 of truck, bird, cat, dog and deer take their pair.
        var labels = Enumerable.Range(0, 250).Select(i => (byte)(i % 10)).ToArray();
        var noisy = NoisyLabels.Apply(labels, 10, new LabelNoise(LabelNoise.Asymmetric, 0.3), 5, "cifar10");
        var moved = Enumerable.Range(0, 250).Where(i => noisy[i] != labels[i]).GroupBy(i => (labels[i], noisy[i])).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(moved, Is.EquivalentTo(new Dictionary<(byte, byte), int>
        {
            [(9, 1)] = 8, [(2, 0)] = 8, [(3, 5)] = 8, [(5, 3)] = 8, [(4, 7)] = 8,
        }), "truck → automobile, bird → airplane, cat ↔ dog (from the original labels), deer → horse");
        Assert.That(noisy, Is.EqualTo(NoisyLabels.Apply(labels, 10, new LabelNoise(LabelNoise.Asymmetric, 0.3), 5, "cifar10")), "seeded");
        Assert.That(NoisyLabels.Apply(labels, 10, new LabelNoise(LabelNoise.Asymmetric, 1), 5, "cifar10").Count(l => l == 3), Is.EqualTo(25),
            "f = 1: every dog becomes a cat and every cat a dog");
        Assert.That(NoisyLabels.Apply(labels, 10, new LabelNoise(LabelNoise.Asymmetric, 1), 5, "cifar10", DefaultsVersion.Release3).Where((l, i) => labels[i] == 2).Distinct(),
            Is.EqualTo(new byte[] { 7 }), "studies of release 3 and before keep MNIST's map on any 10-class dataset");
    }

    [Test]
    public void SymmetricNoise_FlipsAboutFOfTheLabels_UniformlyOverTheOtherClasses()
    {
        var labels = Enumerable.Range(0, 20_000).Select(i => (byte)(i % 4)).ToArray();
        var noisy = NoisyLabels.Apply(labels, 4, new LabelNoise(LabelNoise.Symmetric, 0.2), 11, "mnist");
        var flipped = Enumerable.Range(0, labels.Length).Where(i => noisy[i] != labels[i]).ToList();
        Assert.That(flipped.Count / 20_000.0, Is.EqualTo(0.2).Within(0.01));
        var fromZero = flipped.Where(i => labels[i] == 0).GroupBy(i => noisy[i]).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(fromZero.Keys.Order(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(fromZero.Values.Min() / (double)fromZero.Values.Max(), Is.GreaterThan(0.8), "f/(K − 1) to each other class");
    }

    [Test]
    public void LabelSmoothedLoss_IsCrossEntropyAgainstOneMinusAlphaAndAlphaOverCMinusOne()
    {
        using var logits = tensor(new float[] { 2, 0, 0, 0, 0, 0 }, new long[] { 2, 3 });
        using var labels = tensor(new long[] { 0, 2 });
        using var loss = TrainingLoop.SmoothedCrossEntropy(logits, labels, 0.2);
        var z = Math.Log(Math.Exp(2) + 2);
        var first = -(0.8 * (2 - z) + 0.1 * -z + 0.1 * -z);   // targets [0.8, 0.1, 0.1]
        var second = Math.Log(3);                              // uniform logits: −Σ t·log(1/3) = ln 3
        Assert.That(loss.item<float>(), Is.EqualTo((first + second) / 2).Within(1e-5));
        using var plain = TrainingLoop.SmoothedCrossEntropy(logits, labels, 0);
        using var reference = nn.functional.cross_entropy(logits, labels);
        Assert.That(plain.item<float>(), Is.EqualTo(reference.item<float>()).Within(1e-6), "α = 0 is plain cross-entropy");
    }

    [TestCase(Activations.Relu, -1.0, 0.0)]
    [TestCase(Activations.Relu, 1.5, 1.5)]
    [TestCase(Activations.Swish, 1.0, 0.7310585786300049)]       // 1·σ(1)
    [TestCase(Activations.Mish, 1.0, 0.8650983882673103)]        // tanh(ln(1 + e))
    [TestCase(Activations.Mish, -2.0, -0.2525014826957091)]      // −2·tanh(ln(1 + e^−2))
    public void Activation_MatchesItsFormula(string name, double x, double expected)
    {
        using var input = tensor(new[] { (float)x });
        using var output = ActivationFunctions.Of(name)(input);
        Assert.That(output.item<float>(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void WithActivation_ChangesEveryHiddenLayerOfTheModel()
    {
        using var relu = new LeNet("lenet-16-8", 144, new[] { 16, 8 }, 10);
        using var mish = new LeNet("lenet-16-8", 144, new[] { 16, 8 }, 10);
        using (var g = new TorchSharp.torch.Generator(3)) relu.Initialize(g);
        using (var g = new TorchSharp.torch.Generator(3)) mish.Initialize(g);
        mish.WithActivation(Activations.Mish);
        using var x = randn(4, 1, 12, 12, generator: new TorchSharp.torch.Generator(5));
        using var a = relu.forward(x);
        using var b = mish.forward(x);
        Assert.That(mish.Activation, Is.EqualTo(Activations.Mish));
        Assert.That(a.sub(b).abs().max().item<float>(), Is.GreaterThan(1e-3f), "same weights, other activation, other outputs");
        using var resnet = new CifarResNet("resnet-8", 8, 1, 10);
        resnet.WithActivation(Activations.Swish);
        resnet.eval();
        using var y = resnet.forward(randn(2, 1, 8, 8, generator: new TorchSharp.torch.Generator(6)));
        Assert.That(y.isfinite().all().item<bool>(), Is.True);
    }

    [Test]
    public void NoisyTrial_TrainsOnNoisyTrainingLabelsOnly_AndRecordsItsRecipe()
    {
        var (g, _, results) = Tests.Support.RunnerStudy.Run("{ name = dense }",
            training: ", label-noise { kind = random, fraction = 1 }, label-smoothing = 0.1, activation = swish");
        var task = g.Tasks.Single();
        Assert.That(task.Hparams.ToJson(), Does.Contain("\"training.label-noise.kind\":\"random\""));
        var clean = Tests.Support.RunnerStudy.Run("{ name = dense }", training: ", label-smoothing = 0.1, activation = swish").Results.Values.Single();
        var noisy = results.Values.Single();
        Assert.That(clean.TestAccuracyFinal, Is.GreaterThan(0.5), "clean labels are learnable");
        Assert.That(noisy.TestAccuracyFinal, Is.LessThan(0.3), "every training label random: nothing to learn about the (clean) test labels");
    }
}
