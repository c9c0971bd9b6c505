using ActorSweep.Core.Layout;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.Basis;
using ActorSweep.Training.Tests.Support;

namespace ActorSweep.Training.Tests.Pruning.Basis;

/// <summary>Bases of the generalized lottery ticket: orthonormal matrices, the transform, the projection, IMP in a basis end to end.</summary>
[NonParallelizable]
public class WeightBasisTests
{
    [TestCase(WeightBases.Dct, 7)]
    [TestCase(WeightBases.RandomOrthogonal, 9)]
    public void BasisMatrices_AreOrthonormal(string basis, int n)
    {
        var m = BasisMatrices.Of(basis, n, 42);
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
        {
            double dot = 0;
            for (var k = 0; k < n; k++) dot += m[i, k] * m[j, k];
            Assert.That(dot, Is.EqualTo(i == j ? 1.0 : 0.0).Within(1e-12), $"row {i} · row {j}");
        }
    }

    [Test]
    public void Dct_IsScipysOrthonormalDctII_AndRandomBasesAreSeeded()
    {
        var d = BasisMatrices.Dct(2);
        Assert.That(new[] { d[0, 0], d[0, 1], d[1, 0], d[1, 1] }, Is.EqualTo(new[] { Math.Sqrt(0.5), Math.Sqrt(0.5), Math.Sqrt(0.5), -Math.Sqrt(0.5) }).Within(1e-15));
        Assert.That(BasisMatrices.RandomOrthogonal(5, 3), Is.EqualTo(BasisMatrices.RandomOrthogonal(5, 3)));
        Assert.That(BasisMatrices.RandomOrthogonal(5, 3), Is.Not.EqualTo(BasisMatrices.RandomOrthogonal(5, 4)));
        Assert.That(WeightBasis.Seed("a"), Is.EqualTo(0xaf63dc4c8601ec8cUL), "FNV-1a of the layer name (the reference value of \"a\")");
    }

    [TestCase(WeightBases.Dct)]
    [TestCase(WeightBases.RandomOrthogonal)]
    public void Coefficients_RoundTrip_AndTheProjectionZeroesExactlyThePrunedCoefficients(string basis)
    {
        using var model = ModelRegistry.Create("lenet-16-8", 1, 12, 12, 10);
        using var g = new TorchSharp.torch.Generator(7);
        model.Initialize(g, Core.Study.Initializers.Model);
        var layer = model.PrunableLayers[0];
        var weights = model.ParametersByName()[layer.Name].data<float>().ToArray();
        var coefficients = WeightBasis.ToCoefficients(basis, layer, weights);
        Assert.That(WeightBasis.FromCoefficients(basis, layer, coefficients), Is.EqualTo(weights).Within(1e-5f));
        Assert.That(coefficients, Is.Not.EqualTo(weights).Within(1e-3f), "another basis, other numbers");

        // Keep every other coefficient of the first layer, all of the others.
        var mask = Mask.Ones(model.PrunableLayers);
        var values = model.PrunableLayers.ToDictionary(l => l.Name, l => l == layer ? Enumerable.Range(0, (int)l.Count).Select(i => i % 2 == 0 ? 1f : 0f).ToArray() : mask[l.Name]);
        var tensors = Training.TrainingLoop.MaskTensors(model, new Mask(model.PrunableLayers, values), TorchSharp.torch.CPU);
        WeightBasis.Project(model, tensors, basis);
        foreach (var t in tensors.Values) t.Dispose();
        var projected = WeightBasis.ToCoefficients(basis, layer, model.ParametersByName()[layer.Name].data<float>().ToArray());
        for (var i = 0; i < projected.Length; i++)
            Assert.That(projected[i], Is.EqualTo(i % 2 == 0 ? coefficients[i] : 0f).Within(1e-5f), $"coefficient {i}");
        Assert.That(model.ParametersByName()[layer.Name].data<float>().ToArray().Count(v => v == 0f), Is.LessThan(10), "the weights themselves stay dense");
    }

    [Test]
    public void ImpInADctBasis_KeepsCoefficientMasks_TrainsWithinTheirSpan_AndSavesTheBasisWithTheMask()
    {
        var (g, layout, results) = RunnerStudy.Run("{ name = imp, rounds = 2, strategy = layerwise, rate-fc = 0.5, rate-output = 0.5, basis = dct, controls = [random-reinit] }");
        var artifacts = new ArtifactStore(layout);
        using var model = ModelRegistry.Create("lenet-16-8", 1, 12, 12, 10);
        foreach (var task in g.Tasks.Where(t => t.Round == 2))
        {
            var mask = artifacts.LoadMask(task.TaskId, model.PrunableLayers);
            Assert.That(mask.Basis, Is.EqualTo(WeightBases.Dct), $"{task.Branch}: the mask file says its basis");
            Assert.That(mask.Density, Is.EqualTo(0.25).Within(0.01));
            var final = artifacts.LoadPrunableWeights(task.TaskId, ArtifactNames.Final, model.PrunableLayers);
            foreach (var layer in model.PrunableLayers)
            {
                var c = WeightBasis.ToCoefficients(WeightBases.Dct, layer, final[layer.Name]);
                var pruned = Enumerable.Range(0, c.Length).Where(i => mask[layer.Name][i] == 0f).ToList();
                Assert.That(pruned.Max(i => Math.Abs(c[i])), Is.LessThan(1e-4f), $"{task.Branch} {layer.Name}: the pruned coefficients stay zero through training");
                Assert.That(final[layer.Name].Count(v => v == 0f), Is.LessThan(final[layer.Name].Length / 10), "while the weights are dense");
            }
            Assert.That(results[task.TaskId].WeightsRemaining, Is.EqualTo(0.25).Within(0.01), "weights_remaining counts kept coefficients");
        }
        var (plain, _, plainResults) = RunnerStudy.Run("{ name = imp, rounds = 2, strategy = layerwise, rate-fc = 0.5, rate-output = 0.5 }");
        var round2 = g.Tasks.Single(t => t.Round == 2 && t.Branch == Branches.Main);
        var plainRound2 = plain.Tasks.Single(t => t.Round == 2 && t.Branch == Branches.Main);
        Assert.That(results[round2.TaskId].TestAccuracyFinal, Is.Not.EqualTo(plainResults[plainRound2.TaskId].TestAccuracyFinal), "another basis, another ticket");
        Assert.That(round2.TaskId, Is.Not.EqualTo(plainRound2.TaskId));
    }

    [Test]
    public void AMaskFileWithoutABasisEntry_ReadsAsCanonical()
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-basis").FullName);
        var store = new ArtifactStore(layout);
        using var model = ModelRegistry.Create("lenet-16-8", 1, 12, 12, 10);
        store.SaveMask("old", Mask.Ones(model.PrunableLayers));
        Assert.That(store.LoadMask("old", model.PrunableLayers).Basis, Is.EqualTo(WeightBases.Canonical));
        Assert.That(TensorFile.Load(layout.Artifact("old", ArtifactNames.Mask)).Select(e => e.Name), Is.EqualTo(model.PrunableLayers.Select(l => l.Name)),
            "a canonical mask is written as before");
        store.SaveMask("new", new Mask(model.PrunableLayers, model.PrunableLayers.ToDictionary(l => l.Name, l => Mask.Ones(model.PrunableLayers)[l.Name])) { Basis = WeightBases.RandomOrthogonal });
        Assert.That(store.LoadMask("new", model.PrunableLayers).Basis, Is.EqualTo(WeightBases.RandomOrthogonal));
    }
}
