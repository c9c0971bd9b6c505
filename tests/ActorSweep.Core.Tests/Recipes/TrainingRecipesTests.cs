using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Recipes;

/// <summary>Label noise, label smoothing and the activation as training options: binding, defaults, refusals.</summary>
public class TrainingRecipesTests
{
    private static StudySpec Load(string training, string file = "r.hocon") => new StudyLoader(StudyCatalog.Any).LoadText($$"""
        name = r
        dataset = mnist
        model = lenet-300-100
        seeds = [1]
        training { iterations = 100 {{training}} }
        methods = [ { name = dense } ]
        """, file);

    [Test]
    public void NestedLabelNoiseBlock_BindsToDottedKeys_AndEveryRecipeReachesTheTypedOptions()
    {
        var spec = Load("\n label-noise { kind = symmetric, fraction = 0.2 }\n label-smoothing = 0.1\n activation = mish");
        var trial = spec.ExpandTrials().Single();
        var h = TrainingHparams.From(trial.Hparams);
        Assert.That(h.LabelNoise, Is.EqualTo(new LabelNoise(LabelNoise.Symmetric, 0.2)));
        Assert.That((h.LabelSmoothing, h.Activation), Is.EqualTo((0.1, Activations.Mish)));
        Assert.That(trial.Hparams.ToJson(), Does.Contain("\"training.label-noise.kind\":\"symmetric\"").And.Contain("\"training.activation\":\"mish\""));
    }

    [Test]
    public void Defaults_AreCleanLabels_PlainCrossEntropy_Relu_AndLeaveTheCanonicalFormUnchanged()
    {
        var plain = Load("").ExpandTrials().Single();
        var spelled = Load("\n label-noise { kind = none, fraction = 0 }\n label-smoothing = 0\n activation = relu").ExpandTrials().Single();
        Assert.That(spelled.Hparams.ToJson(), Is.EqualTo(plain.Hparams.ToJson()), "defaults are omitted, so task ids of older studies stay");
        var h = TrainingHparams.From(plain.Hparams);
        Assert.That((h.LabelNoise.IsNoisy, h.LabelSmoothing, h.Activation), Is.EqualTo((false, 0.0, Activations.Relu)));
    }

    [Test]
    public void Init_BindsPytorch_AndItsDefaultModel_IsLeftOutOfTheCanonicalForm()
    {
        var plain = Load("").ExpandTrials().Single();
        var spelled = Load("\n init = model").ExpandTrials().Single();
        var torchInit = Load("\n init = pytorch").ExpandTrials().Single();
        Assert.That(spelled.Hparams.ToJson(), Is.EqualTo(plain.Hparams.ToJson()), "the default is omitted: task ids of older studies stay");
        Assert.That(torchInit.Hparams.ToJson(), Does.Contain("\"training.init\":\"pytorch\""));
        Assert.That((TrainingHparams.From(plain.Hparams).Init, TrainingHparams.From(torchInit.Hparams).Init), Is.EqualTo((Initializers.Model, Initializers.Pytorch)));
    }

    [TestCase("\n label-noise { kind = gaussian, fraction = 0.2 }", "training.label-noise.kind", "must be one of none, random, symmetric, pair-flip, asymmetric")]
    [TestCase("\n label-noise { fraction = 0.2 }", "training.label-noise.fraction", "label-noise.kind is none")]
    [TestCase("\n label-noise { kind = random, fraction = 1.5 }", "training.label-noise.fraction", "must be between 0 and 1")]
    [TestCase("\n label-smoothing = 1", "training.label-smoothing", "must be in [0, 1)")]
    [TestCase("\n activation = gelu", "training.activation", "must be one of relu, swish, mish")]
    [TestCase("\n init = xavier", "training.init", "must be one of model, pytorch")]
    public void BadRecipe_NamesTheFileTheKeyAndWhatWasExpected(string training, string key, string expected)
    {
        var e = Assert.Throws<StudyValidationException>(() => Load(training, "bad.hocon"))!;
        var error = e.Errors.Single();
        Assert.That((error.File, error.KeyPath), Is.EqualTo(("bad.hocon", key)));
        Assert.That(error.Message, Does.Contain(expected));
        Assert.That(error.Line, Is.GreaterThan(0));
    }

    [Test]
    public void AsymmetricNoise_IsTheReferencesMnistMap_AndNeedsTenClasses()
    {
        var p = new LabelNoise(LabelNoise.Asymmetric, 0.3).Transitions(10);
        Assert.That((p[2, 7], p[2, 2], p[5, 6], p[6, 5], p[3, 8], p[3, 3]), Is.EqualTo((0.3, 0.7, 0.3, 0.3, 0.3, 0.7)));
        Assert.That(Enumerable.Range(0, 10).Where(i => i is not (2 or 3 or 5 or 6)).All(i => p[i, i] == 1), Is.True, "the other classes keep their labels");
        Assert.That(new LabelNoise(LabelNoise.Asymmetric, 0.3).Problem(100, "cifar100", DefaultsVersion.Release3), Does.Contain("needs 10 classes"));
    }

    [TestCase("mnist", null)]
    [TestCase("cifar10", null)]
    [TestCase("fashion-mnist", "it has one for mnist and cifar10 only, not fashion-mnist")]
    [TestCase("cifar100", "it has one for mnist and cifar10 only, not cifar100")]
    public void AsymmetricNoise_FollowsEachDatasetsOwnMap_AndIsRefusedWhereTheReferenceHasNone(string dataset, string? problem)
    {
        var noise = new LabelNoise(LabelNoise.Asymmetric, 0.3);
        var classes = dataset == "cifar100" ? 100 : 10;
        Assert.That(noise.Problem(classes, dataset), problem is null ? Is.Null : Does.Contain(problem));
        Assert.That(LabelNoise.AsymmetricMapOf("cifar10", 10, DefaultsVersion.Current), Is.EqualTo(AsymmetricMap.Cifar10Flips));
        Assert.That(LabelNoise.AsymmetricMapOf("fashion-mnist", 10, DefaultsVersion.Release3), Is.EqualTo(AsymmetricMap.MnistTransitions),
            "a study of release 3 keeps what it ran with");
    }

    [Test]
    public void SymmetricAndPairFlipRows_AreTheReferencesMatrices()
    {
        var s = new LabelNoise(LabelNoise.Symmetric, 0.3).Transitions(4);
        Assert.That((s[1, 1], s[1, 0], s[1, 3]), Is.EqualTo((0.7, 0.1, 0.1)).Using<(double, double, double)>((a, b) =>
            Math.Abs(a.Item1 - b.Item1) < 1e-12 && Math.Abs(a.Item2 - b.Item2) < 1e-12 && Math.Abs(a.Item3 - b.Item3) < 1e-12));
        var f = new LabelNoise(LabelNoise.PairFlip, 0.25).Transitions(4);
        Assert.That((f[0, 0], f[0, 1], f[3, 3], f[3, 0], f[3, 2]), Is.EqualTo((0.75, 0.25, 0.75, 0.25, 0.0)), "i → i + 1, the last class to 0");
    }

    [Test]
    public void LabelNoise_IsRefusedWhereItCouldNotApply_ColtsClassPartitions()
    {
        var e = Assert.Throws<StudyValidationException>(() => new StudyLoader(StudyCatalog.Any).LoadText("""
            name = r
            dataset = mnist
            model = lenet-300-100
            seeds = [1]
            training { iterations = 100, label-noise { kind = symmetric, fraction = 0.2 } }
            methods = [ { name = colt, rounds = 1 } ]
            """, "c.hocon"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("label noise is not implemented for COLT"));
    }
}
