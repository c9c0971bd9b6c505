using ActorSweep.Core.Robustness;
using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tests.Robustness;

/// <summary>The <c>training.robustness</c> and <c>training.adversarial</c> blocks: binding, defaults that keep ids, refusals.</summary>
public class RobustnessOptionsTests
{
    private static readonly StudyCatalog Catalog = StudyCatalog.Any with
    {
        Facts = d => d switch
        {
            "mnist" => new DatasetFacts(1, 28, 28, 10, 60_000),
            "cifar10" => new DatasetFacts(3, 32, 32, 10, 50_000),
            _ => null,
        },
    };

    private static StudySpec Load(string training, string dataset = "mnist", string file = "r.hocon", string method = "{ name = dense }") =>
        new StudyLoader(Catalog).LoadText($$"""
        name = r
        dataset = {{dataset}}
        model = lenet-300-100
        seeds = [1]
        training { iterations = 100 {{training}} }
        methods = [ {{method}} ]
        """, file);

    [Test]
    public void RobustnessBlock_BindsCorruptionsInMnistCsOrder_AllExpanded_AndTheAttackOptions()
    {
        var h = TrainingHparams.From(Load("\n robustness { corruptions = [zigzag, shot-noise], attacks = [pgd, fgsm], epsilon = 0.1, pgd-steps = 20, pgd-step-size = 0.02, examples = 500 }")
            .ExpandTrials().Single().Hparams);
        Assert.That(h.Robustness.Corruptions, Is.EqualTo(new[] { "shot-noise", "zigzag" }));
        Assert.That(h.Robustness.Attacks, Is.EqualTo(new[] { "fgsm", "pgd" }));
        Assert.That((h.Robustness.Epsilon, h.Robustness.PgdSteps, h.Robustness.PgdStepSize, h.Robustness.Examples), Is.EqualTo((0.1, 20, 0.02, 500)));
        var all = TrainingHparams.From(Load("\n robustness.corruptions = [all]").ExpandTrials().Single().Hparams);
        Assert.That(all.Robustness.Corruptions, Is.EqualTo(Corruptions.Names));
        Assert.That(Corruptions.Names, Has.Count.EqualTo(14), "MNIST-C's 15 corruptions without canny-edges");
    }

    [Test]
    public void Defaults_MeasureNothing_TrainStandard_AndLeaveTheCanonicalFormUnchanged()
    {
        var plain = Load("").ExpandTrials().Single();
        var spelled = Load("\n robustness { corruptions = [], attacks = [], epsilon = 0.3, pgd-steps = 40, pgd-step-size = 0.01, severity = 0, examples = 0 }\n adversarial { kind = none, epsilon = 0.3, steps = 40, step-size = 0.01 }")
            .ExpandTrials().Single();
        Assert.That(spelled.Hparams.ToJson(), Is.EqualTo(plain.Hparams.ToJson()), "defaults are omitted: the ids of every older study stay");
        var h = TrainingHparams.From(plain.Hparams);
        Assert.That((h.Robustness.IsRequested, h.Adversarial.IsOn), Is.EqualTo((false, false)));
    }

    [Test]
    public void AdversarialTraining_BindsAndCostsStepsPlusOnePasses()
    {
        var h = TrainingHparams.From(Load("\n adversarial { kind = pgd, epsilon = 0.3, steps = 7, step-size = 0.1 }").ExpandTrials().Single().Hparams);
        Assert.That(h.Adversarial, Is.EqualTo(new AdversarialTraining("pgd", 0.3, 7, 0.1)));
        Assert.That((h.Adversarial.CostFactor, (h.Adversarial with { Kind = "fgsm" }).CostFactor, AdversarialTraining.Off.CostFactor), Is.EqualTo((8, 2, 1)));
    }

    [Test]
    public void RetrainingBlock_TakesAdversarialTraining_ForTheRetrainingOnly()
    {
        var trial = Load("", method: "{ name = imp, rounds = 1, retraining { adversarial { kind = pgd, steps = 5 } } }").ExpandTrials().Single();
        Assert.That(TrainingHparams.From(trial.Hparams).Adversarial.IsOn, Is.False, "the search trains the standard way");
        Assert.That(TrainingHparams.From(RetrainingSchema.Overlay(trial.Hparams)).Adversarial, Is.EqualTo(new AdversarialTraining("pgd", 0.3, 5, 0.01)));
    }

    [TestCase("\n robustness.corruptions = [shot-noise, frost]", "mnist", "training.robustness.corruptions", "'frost' is not one of shot-noise")]
    [TestCase("\n robustness.corruptions = [fog, fog]", "mnist", "training.robustness.corruptions", "has repeated entries")]
    [TestCase("\n robustness.attacks = [cw]", "mnist", "training.robustness.attacks", "'cw' is not one of fgsm, pgd")]
    [TestCase("\n robustness.epsilon = 0", "mnist", "training.robustness.epsilon", "must be > 0 and <= 1")]
    [TestCase("\n robustness.epsilon = -0.1", "mnist", "training.robustness.epsilon", "must be > 0 and <= 1")]
    [TestCase("\n robustness.severity = 6", "mnist", "training.robustness.severity", "or a severity 1 to 5")]
    [TestCase("\n robustness.pgd-steps = 0", "mnist", "training.robustness.pgd-steps", "must be > 0")]
    [TestCase("\n adversarial.kind = trades", "mnist", "training.adversarial.kind", "must be one of none, fgsm, pgd")]
    [TestCase("\n adversarial { kind = pgd, epsilon = 0 }", "mnist", "training.adversarial.epsilon", "must be > 0 and <= 1")]
    [TestCase("\n robustness.corruptions = [fog]", "cifar10", "training.robustness.corruptions", "defined on single-channel images; cifar10 is 3×32×32")]
    public void BadRobustnessOption_NamesTheFileTheKeyAndWhatWasExpected(string training, string dataset, string key, string expected)
    {
        var e = Assert.Throws<StudyValidationException>(() => Load(training, dataset, "bad.hocon"))!;
        var error = e.Errors.Single();
        Assert.That((error.File, error.KeyPath), Is.EqualTo(("bad.hocon", key)));
        Assert.That(error.Message, Does.Contain(expected));
        Assert.That(error.Line, Is.GreaterThan(0));
    }

    [Test]
    public void Severities_AreMnistCsOwn_UnlessOneIsAskedFor_AndNoneForTheLineCorruptions()
    {
        Assert.That((Corruptions.SeverityOf("shot-noise", 0), Corruptions.SeverityOf("glass-blur", 0), Corruptions.SeverityOf("scale", 0)), Is.EqualTo((5, 1, 3)));
        Assert.That(Corruptions.SeverityOf("shot-noise", 2), Is.EqualTo(2));
        Assert.That((Corruptions.SeverityOf("zigzag", 3), Corruptions.HasSeverity("stripe")), Is.EqualTo((0, false)));
        Assert.Throws<ArgumentException>(() => Corruptions.SeverityOf("frost", 0));
    }
}
