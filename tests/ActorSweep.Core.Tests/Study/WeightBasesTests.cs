using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tests.Study;

/// <summary>The <c>basis</c> option of magnitude pruning (the generalized lottery ticket): binding, ids, refusals.</summary>
public class WeightBasesTests
{
    private static readonly StudyCatalog Catalog = new(new[] { "mnist" }, _ => true, "any")
    {
        ModelFactsOf = m => new ModelFacts(BatchNorm: false, ConvLayers: m.StartsWith("conv", StringComparison.Ordinal)),
    };

    private static StudySpec Load(string method, string model = "lenet-300-100", string file = "b.hocon") => new StudyLoader(Catalog).LoadText($$"""
        name = b
        dataset = mnist
        model = {{model}}
        seeds = [1]
        training.iterations = 100
        methods = [ {{method}} ]
        """, file);

    [Test]
    public void Basis_BindsForImpAndOneShot_AndItsCanonicalDefaultKeepsEveryId()
    {
        var imp = Load("{ name = imp, rounds = 2, basis = dct }").ExpandTrials().Single();
        Assert.That(new ActorSweep.Core.Methods.Imp.ImpMethod().Bind(imp.Hparams).Pruning.Basis, Is.EqualTo(WeightBases.Dct));
        Assert.That(new ActorSweep.Core.Methods.OneShot.OneShotMethod().Bind(Load("{ name = oneshot, sparsity = 0.9, basis = random-orthogonal }").ExpandTrials().Single().Hparams).Pruning.Basis,
            Is.EqualTo(WeightBases.RandomOrthogonal));
        Assert.That(Load("{ name = imp, rounds = 2, basis = canonical }").ExpandTrials().Single().Hparams.ToJson(), Is.EqualTo(Load("{ name = imp, rounds = 2 }").ExpandTrials().Single().Hparams.ToJson()),
            "the default is left out: every older IMP study keeps its ids");
    }

    [TestCase("{ name = imp, rounds = 1, basis = dct }", "conv-2", "transforms fully connected weight matrices")]
    [TestCase("{ name = oneshot, sparsity = 0.5, basis = random-orthogonal }", "conv-4", "this model has convolution layers")]
    [TestCase("{ name = imp, rounds = 1, basis = low-rank }", "lenet-300-100", "basis low-rank is not implemented")]
    [TestCase("{ name = imp, rounds = 1, basis = wavelet }", "lenet-300-100", "must be one of canonical, dct, random-orthogonal, low-rank")]
    public void Basis_ALayerCannotTake_IsRefusedWithFileLineAndKey(string method, string model, string expected)
    {
        var e = Assert.Throws<StudyValidationException>(() => Load(method, model, "bad.hocon"))!;
        var error = e.Errors.Single();
        Assert.That(error.File, Is.EqualTo("bad.hocon"));
        Assert.That(error.Line, Is.GreaterThan(0));
        Assert.That(error.ToString(), Does.Contain(expected));
    }
}
