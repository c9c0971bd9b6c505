using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Card;
using ActorSweep.Core.Robustness;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Methods.Card;
using ActorSweep.Training.Randomness;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.Card;

/// <summary>The CARD-Deck's cards, its gate and its decks, end to end on the synthetic set.</summary>
[NonParallelizable]
public class CardTrainerTests
{
    private static Dictionary<string, Array> Load(StudyLayout layout, string task, string artifact) =>
        TensorFile.Load(layout.Artifact(task, artifact)).ToDictionary(e => e.Name, e => e.Data);

    [Test]
    public void Cards_AreLrRewoundLineagesUnderTheirAugmentation_AndTheDecksCombineTheirRoundsCards()
    {
        var (g, layout, results) = Tests.Support.RunnerStudy.Run(
            "{ name = card, rounds = 1, members = 2, strategy = global, global-fraction = 0.5, reference-images = 200 }",
            ", robustness { corruptions = [shot-noise, impulse-noise, fog, rotate] }");
        var tasks = g.Tasks.ToList();
        Assert.That(tasks.Count(t => CardBranches.AugmentationOf(t.Branch) is not null), Is.EqualTo(2 * 2 * 2), "2 augmentations × 2 cards × rounds 0 and 1");

        var augmix1 = tasks.Where(t => t.Branch == "augmix-1").OrderBy(t => t.Round).ToList();
        var gaussian1 = tasks.Where(t => t.Branch == "gaussian-1").OrderBy(t => t.Round).ToList();
        var augmix2 = tasks.Single(t => t.Branch == "augmix-2" && t.Round == 0);
        Assert.That(Load(layout, augmix1[0].TaskId, ArtifactNames.Init)["layers.0.weight"], Is.EqualTo(Load(layout, gaussian1[0].TaskId, ArtifactNames.Init)["layers.0.weight"]),
            "card j of each group starts from the same θ0: the groups differ by their augmentation");
        Assert.That(Load(layout, augmix1[0].TaskId, ArtifactNames.Init)["layers.0.weight"], Is.Not.EqualTo(Load(layout, augmix2.TaskId, ArtifactNames.Init)["layers.0.weight"]),
            "cards of one group start apart");
        Assert.That(Load(layout, augmix1[0].TaskId, ArtifactNames.Final)["layers.0.weight"], Is.Not.EqualTo(Load(layout, gaussian1[0].TaskId, ArtifactNames.Final)["layers.0.weight"]),
            "trained on differently augmented images");
        Assert.That(Load(layout, augmix1[1].TaskId, ArtifactNames.Init)["layers.1.weight"],
            Is.EqualTo(Masked(Load(layout, augmix1[0].TaskId, ArtifactNames.Final)["layers.1.weight"], Load(layout, augmix1[1].TaskId, ArtifactNames.Mask)["layers.1.weight"])),
            "learning-rate rewinding: round 1 starts from round 0's trained weights under its new mask");
        Assert.That(results[augmix1[1].TaskId].WeightsRemaining, Is.LessThan(0.6), "half of the weights pruned");

        foreach (var round in new[] { 0, 1 })
        {
            var spectral = tasks.Single(t => t.Branch == CardBranches.SpectralDeck && t.Round == round);
            var average = tasks.Single(t => t.Branch == CardBranches.AverageDeck && t.Round == round);
            var batch = tasks.Single(t => t.Branch == CardBranches.BatchDeck && t.Round == round);
            Assert.That(results[batch.TaskId].Combination!.Kind, Is.EqualTo(CardTrainer.BatchKind));
            Assert.That(results[batch.TaskId].Measurements[CardMeasurements.RoutedClean(TrainingAugmentation.AugMix).Name]
                + results[batch.TaskId].Measurements[CardMeasurements.RoutedClean(TrainingAugmentation.Gaussian).Name], Is.EqualTo(1).Within(1e-9));
            var cards = tasks.Where(t => CardBranches.AugmentationOf(t.Branch) is not null && t.Round == round).Select(t => t.TaskId).ToList();
            Assert.That(spectral.ParentTaskIds.Order(), Is.EqualTo(cards.Order()));
            Assert.That(average.ParentTaskIds, Is.EqualTo(spectral.ParentTaskIds));
            var deck = results[spectral.TaskId];
            Assert.That(deck.Iterations, Is.EqualTo(0), "a deck is evaluated, not trained");
            Assert.That(deck.Combination!.Kind, Is.EqualTo(CardTrainer.SpectralKind));
            Assert.That(results[average.TaskId].Combination!.Kind, Is.EqualTo(CardTrainer.AverageKind));
            Assert.That(deck.Robustness.Count(p => p.Point == RobustnessPoint.Final), Is.EqualTo(4));
            Assert.That(deck.Robustness.Where(p => p.Point == RobustnessPoint.EarlyStop).Select(p => p.Accuracy),
                Is.EqualTo(deck.Robustness.Where(p => p.Point == RobustnessPoint.Final).Select(p => p.Accuracy)), "one point");
            var clean = CardMeasurements.RoutedClean(TrainingAugmentation.AugMix).Name;
            var routedClean = deck.Measurements[clean] + deck.Measurements[CardMeasurements.RoutedClean(TrainingAugmentation.Gaussian).Name];
            Assert.That(routedClean, Is.EqualTo(1).Within(1e-9), "every clean image goes to one group");
            Assert.That(deck.Measurements[CardMeasurements.RoutedCorrupted(TrainingAugmentation.Gaussian).Name], Is.InRange(0.0, 1.0));
            Assert.That(results[average.TaskId].Measurements.Count, Is.EqualTo(0), "the plain deck has no gate");
        }
    }

    private static float[] Masked(Array weights, Array mask) => ((float[])weights).Zip((float[])mask, (w, m) => w * m).ToArray();

    [Test]
    public void TheGate_SendsNoisyImagesToTheNoiseGroup_AndCleanOnesToTheCleanGroup()
    {
        // Two groups: clean training images and the same images with strong Gaussian noise. A clean digit is nearer the
        // clean group's spectrum; a noisy one (high frequencies filled in) nearer the noise group's.
        var n = 64;
        var pixels = new float[n * 28 * 28];
        for (var i = 0; i < n; i++)
            for (var r = 6; r < 22; r++)
                for (var col = 10 + i % 5; col < 14 + i % 5; col++) pixels[i * 784 + r * 28 + col] = 1f;
        using var images = tensor(pixels, new long[] { n, 1, 28, 28 });
        using var space = new ActorSweep.Training.Training.PixelSpace(null, 1, CPU);
        var options = TrainingAugmentation.Off with { Sigma = 0.5 };
        using var deck = CardDeck.Build(images, space, new[] { TrainingAugmentation.None, TrainingAugmentation.Gaussian }, options, n, g => (ulong)(g + 1));
        Assert.That(deck.References.Select(r => r.shape), Is.All.EqualTo(new long[] { 1, 28, 28 }), "a reference is a spectrum, one amplitude per frequency");
        using (var cleanMean = CardDeck.Amplitude(images).mean(new long[] { 0 }))
            Assert.That(deck.References[0].allclose(cleanMean, 1e-5, 1e-4), Is.True, "the clean group's reference is the clean images' mean amplitude spectrum");
        using var cleanGate = deck.Gate(images);
        using var noisy = ActorSweep.Training.Data.Augmentation.PixelAugmentation.Apply(images, space, options.As(TrainingAugmentation.Gaussian), 99);
        using var noisyGate = deck.Gate(noisy);
        Assert.That(CardDeck.Routed(cleanGate, 0), Is.EqualTo(1.0), "clean images to the clean group");
        Assert.That(CardDeck.Routed(noisyGate, 1), Is.GreaterThan(0.5), "noisy images to the noise group (but those whose σ, drawn from [0, 0.5], is small)");
        using var mixed = cat(new[] { images, noisy }, 0);   // 64 clean, then 64 noisy
        using var byBatch = deck.Gate(mixed, together: 32);
        Assert.That(byBatch.data<long>().ToArray(), Is.EqualTo(Enumerable.Repeat(0L, 64).Concat(Enumerable.Repeat(1L, 64)).ToArray()),
            "runs of 32 routed together: the clean runs to the clean group, the noisy runs (mean spectrum) to the noise group");

        using var a = tensor(new float[] { 1, 0, 0, 3 }, new long[] { 2, 2 });
        using var b = tensor(new float[] { 3, 0, 0, 1 }, new long[] { 2, 2 });
        using var c = tensor(new float[] { 0, 9, 9, 0 }, new long[] { 2, 2 });
        using var gate = tensor(new long[] { 0, 1 });
        using var routed = CardDeck.Combine(new[] { a, b, c }, new[] { 0, 0, 1 }, gate, 2);
        Assert.That(routed.data<double>().ToArray(), Is.EqualTo(new double[] { 2, 0, 9, 0 }), "input 0: mean of group 0's cards; input 1: group 1's card");
        using var all = CardDeck.Combine(new[] { a, b, c }, new[] { 0, 0, 1 }, null, 2);
        Assert.That(all.data<double>().ToArray(), Is.EqualTo(new double[] { 4 / 3.0, 3, 3, 4 / 3.0 }).Within(1e-12));
    }

    [Test]
    public void TheCardsStreams_ArePinned()
    {
        var streams = new RandomStreams(5);
        Assert.That(CardStreams.Cards.Number, Is.EqualTo(32));
        Assert.That(CardStreams.References.Number, Is.EqualTo(33));
        Assert.That(streams.Card(2).TrialSeed, Is.EqualTo(5UL * 1_000_003UL + 2UL * 7919UL + 32UL));
        Assert.That(streams.Reference(1), Is.EqualTo(5UL * 1_000_003UL + 7919UL + 33UL));
    }
}
