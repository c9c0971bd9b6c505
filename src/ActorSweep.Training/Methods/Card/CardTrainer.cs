using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Card;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Ensembles;
using ActorSweep.Training.Lineage;
using ActorSweep.Training.Models;
using ActorSweep.Training.Randomness;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Methods.Card;

/// <summary>
/// CARD-Decks. A card (branch <c>augmix-1</c>, …) is an IMP lineage trained with its group's augmentation and its own
/// streams (<see cref="CardStreams.Card"/>): round 0 the dense network from its θ0, round k the magnitude step of IMP on
/// round k − 1's trained weights, retrained by learning-rate rewinding (Renda et al.; the paper's LRR). A deck task loads
/// its round's cards' final weights and evaluates them together (<see cref="CardDeck"/>): nothing is trained. Its row is the
/// deck's accuracies, its <c>combinations</c> row the comparison with its cards, its <c>robustness</c> rows the deck under
/// the trial's corruptions (one point: a deck has no early stop of its own, so both points carry the same numbers).
/// </summary>
public sealed class CardTrainer : MethodTrainer<CardOptions>
{
    /// <summary>The kind the spectral deck writes to the <c>combinations</c> dataset.</summary>
    public const string SpectralKind = "card-deck";

    /// <summary>The kind the batch-gated deck writes to the <c>combinations</c> dataset.</summary>
    public const string BatchKind = "card-deck-batch";

    /// <summary>The kind the plain deck writes to the <c>combinations</c> dataset.</summary>
    public const string AverageKind = "card-deck-average";

    /// <summary>The trainer.</summary>
    public CardTrainer() : base(new CardMethod()) { }

    /// <inheritdoc />
    public override IReadOnlyList<StreamPurpose> Streams { get; } = new[] { CardStreams.Cards, CardStreams.References };

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, CardOptions options) => context.Task.Branch switch
    {
        CardBranches.SpectralDeck => Deck(context, options, Gating.PerImage),
        CardBranches.BatchDeck => Deck(context, options, Gating.PerBatch),
        CardBranches.AverageDeck => Deck(context, options, Gating.None),
        var branch when CardBranches.AugmentationOf(branch) is { } augmentation => Card(context, options, augmentation, CardBranches.NumberOf(branch)),
        _ => throw UnknownBranch(context),
    };

    private static TrainedTask Card(TaskContext context, CardOptions options, string augmentation, int number)
    {
        var card = context.With(context.Training with { Augmentation = context.Training.Augmentation.As(augmentation) }, context.Random.Card(number));
        return context.Task.Round == 0
            ? DenseRound.Train(card, 0)
            : PrunedRound.Train(card, PrunedRound.MagnitudeStep(options.Pruning), options.Retrain);
    }

    private enum Gating { None, PerImage, PerBatch }

    private static TrainedTask Deck(TaskContext context, CardOptions options, Gating gating)
    {
        var spectral = gating != Gating.None;
        int? together = gating == Gating.PerBatch ? options.GateBatch : null;
        var data = context.Data;
        var cards = options.Cards.ToList();
        var groupOf = cards.Select(c => options.Augmentations.ToList().IndexOf(c.Augmentation)).ToArray();
        var outputs = new List<MemberOutputs>();
        var trainLogits = new List<Tensor>();
        var models = new List<SparseNet>();
        using var space = new PixelSpace(data.InputNormalization, data.Splits.Train.Channels, data.TrainX.device);
        using var deck = CardDeck.Build(data.TrainX, space, options.Augmentations, context.Training.Augmentation, options.ReferenceImages, g => context.Random.Reference(g));
        try
        {
            for (var i = 0; i < cards.Count; i++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var model = context.NewModel();
                models.Add(model);
                context.Artifacts.LoadWeights(context.Parent(i), ArtifactNames.Final, model);
                outputs.Add(MemberOutputs.Of(model, data.ValX, data.TestX));
                trainLogits.Add(MemberOutputs.Logits(model, data.TrainX));
            }
            // Where the gate sends the clean test images and the corrupted ones (every corruption pooled), counted as it decides.
            var routedClean = new long[deck.Groups];
            var routedCorrupted = new long[deck.Groups];
            Tensor Logits(IReadOnlyList<Tensor> cardLogits, Tensor inputs, long[]? routed = null)
            {
                if (!spectral) return CardDeck.Combine(cardLogits, groupOf, null, deck.Groups);
                using var gate = deck.Gate(inputs, together);
                if (routed is not null) for (var g = 0; g < deck.Groups; g++) routed[g] += CardDeck.Count(gate, g);
                return CardDeck.Combine(cardLogits, groupOf, gate, deck.Groups);
            }
            Tensor Predict(Tensor inputs)
            {
                var cardLogits = models.Select(m => MemberOutputs.Logits(m, inputs)).ToList();
                try { return Logits(cardLogits, inputs, routedCorrupted); }
                finally { foreach (var l in cardLogits) l.Dispose(); }
            }

            var test = outputs.Select(o => o.Test).ToList();
            var validation = outputs.Select(o => o.Validation).ToList();
            double testAccuracy, testNll, valAccuracy = double.NaN, valNll = double.NaN, trainAccuracy;
            using (var l = Logits(test, data.TestX, routedClean)) (testAccuracy, testNll) = (Combining.Accuracy(l, data.TestY), Combining.NllOfLogits(l, data.TestY));
            using (var l = Logits(trainLogits, data.TrainX)) trainAccuracy = Combining.Accuracy(l, data.TrainY);
            if (data.ValX.shape[0] > 0)
                using (var l = Logits(validation, data.ValX)) (valAccuracy, valNll) = (Combining.Accuracy(l, data.ValY), Combining.NllOfLogits(l, data.ValY));

            var h = context.Training;
            var robustness = h.Robustness.IsRequested
                ? RobustnessMeasurement.MeasureCorruptions(Predict, data, h.Robustness, RobustnessPoint.Final)
                : Array.Empty<RobustnessPoint>();
            var membersUsed = spectral ? options.Members : cards.Count;
            var combination = EnsembleTask.Compare(gating switch { Gating.PerImage => SpectralKind, Gating.PerBatch => BatchKind, _ => AverageKind }, test, validation, data.TestY, data.ValY, testAccuracy, testNll, membersUsed);
            var end = h.Iterations;
            var outcome = new TrainOutcome(0, new[] { new CurvePoint(end, double.NaN, valNll, valAccuracy, testAccuracy) }, end, testAccuracy, testAccuracy, trainAccuracy)
            {
                Robustness = robustness.Select(p => p with { Point = RobustnessPoint.EarlyStop }).Concat(robustness).ToList(),
            };
            var mask = context.Artifacts.LoadMask(context.Parent(0), models[0].PrunableLayers);
            context.Artifacts.SaveMask(context.Task.TaskId, mask);
            var result = new TrainedTask(models[0], mask, outcome)
            {
                Combination = combination,
                Measurements = spectral ? Routing(options, routedClean, routedCorrupted) : Core.Tasks.Measurements.None,
            };
            models.RemoveAt(0);
            return result;
        }
        finally
        {
            foreach (var m in models) m.Dispose();
            foreach (var o in outputs) o.Dispose();
            foreach (var t in trainLogits) t.Dispose();
        }
    }

    /// <summary>The gate's routing as the deck's measurements: per group, the fraction of the clean test images and of the corrupted ones.</summary>
    private static Core.Tasks.Measurements Routing(CardOptions options, long[] clean, long[] corrupted) =>
        Core.Tasks.Measurements.Of(options.Augmentations.SelectMany((a, g) => new (string, double?)[]
        {
            (CardMeasurements.RoutedClean(a).Name, clean[g] / (double)clean.Sum()),
            (CardMeasurements.RoutedCorrupted(a).Name, corrupted.Sum() > 0 ? corrupted[g] / (double)corrupted.Sum() : null),
        }).ToArray());
}
