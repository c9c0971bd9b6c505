using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Methods.RandomPruning;
using ActorSweep.Core.Methods.Rigl;
using ActorSweep.Core.Methods.Set;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Study;

/// <summary>
/// Each method binds its options with its own defaults. Before, the grid compared a value with the default
/// of the first method that declared the key: <c>uniform</c> (random pruning's) made RigL's and SET's
/// "uniform" trials drop the key and silently train ERK (identical layer densities, same hparams).
/// </summary>
public class MethodDefaultsTests
{
    private static StudySpec Load(string method) => new StudyLoader(StudyLoaderTests.Catalog).LoadText($$"""
        name = d
        dataset = synthetic
        model = lenet-64-32
        seeds = [1]
        methods = [ {{method}} ]
        grid { method.distribution = [uniform, erk] }
        """, "d.hocon");

    [TestCase("rigl")]
    [TestCase("set")]
    public void GridOverDistribution_ForSetAndRigl_KeepsUniformAndOmitsOnlyTheirOwnDefault(string method)
    {
        var trials = Load($"{{ name = {method}, sparsity = 0.9 }}").ExpandTrials();
        Assert.That(trials, Has.Count.EqualTo(2));
        Assert.That(trials.Select(t => t.Hparams.Get(HparamKeys.Distribution)), Is.EqualTo(new object?[] { "uniform", null }),
            "uniform is not this method's default, so it is written; erk is, so it is omitted");
        var definition = MethodRegistry.Default.Get(method);
        var bound = trials.Select(t => definition switch
        {
            RiglMethod r => r.Bind(t.Hparams).Distribution,
            SetMethod s => s.Bind(t.Hparams).Distribution,
            _ => throw new AssertionException(method),
        });
        Assert.That(bound, Is.EqualTo(new[] { LayerDistribution.Uniform, LayerDistribution.ErdosRenyiKernel }));
        Assert.That(trials[0].TrialId, Is.Not.EqualTo(trials[1].TrialId));
    }

    [Test]
    public void GridOverDistribution_ForRandomPruning_OmitsUniform()
    {
        var trials = Load("{ name = random, sparsity = 0.9 }").ExpandTrials();
        Assert.That(trials.Select(t => t.Hparams.Get(HparamKeys.Distribution)), Is.EqualTo(new object?[] { null, "erk" }));
        Assert.That(trials.Select(t => new RandomPruningMethod().Bind(t.Hparams).Distribution), Is.EqualTo(new[] { LayerDistribution.Uniform, LayerDistribution.ErdosRenyiKernel }));
    }

    [Test]
    public void BoundOptions_TakeTheMethodsDefaults()
    {
        var rigl = new RiglMethod().Bind(Hparams.From(new KeyValuePair<string, object>[] { new(HparamKeys.Sparsity, 0.8) }));
        Assert.That(rigl, Is.EqualTo(new RiglOptions(0.8, LayerDistribution.ErdosRenyiKernel, new Sparsity.MaskUpdateSchedule(100, 0.3, 0.75, "cosine"), null)), "prune-first-layer unset: the model decides");
    }

    [Test]
    public void GridValue_EveryAcceptingMethodChecksIt()
    {
        var e = Assert.Throws<StudyValidationException>(() => new StudyLoader(StudyLoaderTests.Catalog).LoadText("""
            name = d
            dataset = synthetic
            model = lenet-64-32
            seeds = [1]
            methods = [ { name = rigl }, { name = random } ]
            grid { method.sparsity = [0.5, 1.5] }
            """, "d.hocon"))!;
        Assert.That(e.Message, Does.Contain("grid.method.sparsity: must be between 0 and 1 (exclusive), got 1.5"));
    }
}
