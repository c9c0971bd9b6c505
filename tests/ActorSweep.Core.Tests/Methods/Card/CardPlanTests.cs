using ActorSweep.Core.Methods.Card;
using ActorSweep.Core.Robustness;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Card;

/// <summary>The CARD-Deck's plan, options and refusals.</summary>
public class CardPlanTests
{
    [Test]
    public void Card_PlansALineagePerCard_AndBothDecksAtEveryRound()
    {
        var g = TaskGraph.Build(MethodStudy.Load("{ name = card, rounds = 2, members = 2 }"));
        var tasks = g.Tasks.Where(t => t.Seed == 1).ToList();
        var cards = new[] { "augmix-1", "augmix-2", "gaussian-1", "gaussian-2" };
        Assert.That(tasks.Where(t => CardBranches.AugmentationOf(t.Branch) is not null).Select(t => t.Branch).Distinct(), Is.EquivalentTo(cards));
        foreach (var card in cards)
        {
            var lineage = tasks.Where(t => t.Branch == card).OrderBy(t => t.Round).ToList();
            Assert.That(lineage.Select(t => t.Round), Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(lineage[0].ParentTaskIds, Is.Empty);
            Assert.That(lineage[1].ParentTaskIds, Is.EqualTo(new[] { lineage[0].TaskId }), "round k continues round k − 1 of the same card");
            Assert.That(lineage[2].ParentTaskIds, Is.EqualTo(new[] { lineage[1].TaskId }));
        }
        for (var round = 0; round <= 2; round++)
        {
            var roundCards = cards.Select(c => tasks.Single(t => t.Branch == c && t.Round == round).TaskId).ToArray();
            Assert.That(tasks.Single(t => t.Branch == CardBranches.SpectralDeck && t.Round == round).ParentTaskIds, Is.EqualTo(roundCards),
                "the deck reads its round's cards in method.augmentations' order, card by card");
            Assert.That(tasks.Single(t => t.Branch == CardBranches.AverageDeck && t.Round == round).ParentTaskIds, Is.EqualTo(roundCards));
            Assert.That(tasks.Single(t => t.Branch == CardBranches.BatchDeck && t.Round == round).ParentTaskIds, Is.EqualTo(roundCards));
        }
        Assert.That(tasks, Has.Count.EqualTo(4 * 3 + 3 * 3));
        Assert.That(CardBranches.AugmentationOf(CardBranches.BatchDeck), Is.Null);
    }

    [Test]
    public void Defaults_AreAnAugMixAndAGaussianGroup_OfTwoLrRewoundCards()
    {
        var options = new CardMethod().Bind(Hparams.Empty);
        Assert.That(options.Augmentations, Is.EqualTo(new[] { TrainingAugmentation.AugMix, TrainingAugmentation.Gaussian }));
        Assert.That(options.Members, Is.EqualTo(2));
        Assert.That(options.GateBatch, Is.EqualTo(100));
        Assert.That(options.Retrain.Mode, Is.EqualTo(Lineage.Retraining.LrRewind));
        Assert.That(options.Cards.Select(c => c.Branch), Is.EqualTo(new[] { "augmix-1", "augmix-2", "gaussian-1", "gaussian-2" }));
        Assert.That(CardBranches.AugmentationOf("gaussian-2"), Is.EqualTo(TrainingAugmentation.Gaussian));
        Assert.That(CardBranches.NumberOf("gaussian-12"), Is.EqualTo(12));
        Assert.That(CardBranches.AugmentationOf(CardBranches.AverageDeck), Is.Null);
    }

    [TestCase("augmentations = [augmix, cutout]", "methods[0].augmentations: 'cutout' is not one of")]
    [TestCase("augmentations = [augmix, augmix]", "repeated")]
    [TestCase("augmentations = [augmix], members = 1", "at least 2 cards")]
    [TestCase("retrain = weight-rewind", "methods[0].retrain: must be one of lr-rewind, finetune")]
    [TestCase("reference-images = 0", "methods[0].reference-images")]
    [TestCase("gate-batch = 1", "methods[0].gate-batch")]
    [TestCase("training { augmentation { kind = gaussian } }", "sets each card's training.augmentation.kind")]
    [TestCase("training { robustness { attacks = [pgd] } }", "non-differentiable")]
    public void Card_RefusesWhatItCannotRun_NamingTheKey(string option, string expected)
    {
        var e = Assert.Throws<StudyValidationException>(() => TaskGraph.Build(MethodStudy.Load($"{{ name = card, {option} }}")))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains(expected));
    }

    [TestCase("kind = cutmix", "training.augmentation.kind")]
    [TestCase("kind = gaussian, sigma = 0", "training.augmentation.sigma")]
    [TestCase("kind = augmix, severity = 11", "training.augmentation.severity")]
    [TestCase("kind = augmix, depth = 0", "training.augmentation.depth")]
    public void TrainingAugmentation_RefusesBadValues_WithFileLineAndKey(string block, string key)
    {
        var e = Assert.Throws<StudyValidationException>(() => MethodStudy.Load($"{{ name = dense, training {{ augmentation {{ {block} }} }} }}"))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains(key).And.Some.Contains("p.hocon"));
    }

    [Test]
    public void TrainingAugmentation_BindsFromTheTrainingBlock_AndIsOffByDefault()
    {
        var spec = MethodStudy.Load("{ name = dense, training { augmentation { kind = augmix, width = 2, alpha = 0.5 } } }");
        var h = TrainingHparams.From(spec.ExpandTrials()[0].Hparams);
        Assert.That(h.Augmentation, Is.EqualTo(TrainingAugmentation.Off with { Kind = TrainingAugmentation.AugMix, Width = 2, Alpha = 0.5 }));
        Assert.That(TrainingHparams.From(Hparams.Empty).Augmentation.IsOn, Is.False);
    }
}
