using System.Collections.Immutable;
using ActorSweep.Core.Lineage;
using ActorSweep.Core.Options;
using ActorSweep.Core.Robustness;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Card;

/// <summary>
/// The CARD-Deck's options: the groups of cards (one per augmentation of <c>method.augmentations</c>, <c>members</c> cards
/// each), how each card is compressed — IMP for <c>rounds</c> rounds with learning-rate rewinding (the paper's LRR; or
/// fine-tuning), pruning as IMP's keys say — and how many augmented training images make each group's reference spectrum
/// for the deck's gate.
/// </summary>
public sealed record CardOptions(int Rounds, MagnitudePruningOptions Pruning, RetrainOptions Retrain, IReadOnlyList<string> Augmentations, int Members,
    int ReferenceImages)
{
    public const int DefaultGateBatch = 100;

    /// <summary>How many consecutive inputs the batch deck's gate routes together (<c>method.gate-batch</c>).</summary>
    public int GateBatch { get; init; } = DefaultGateBatch;

    public const int DefaultRounds = 5;
    public const int DefaultMembers = 2;
    public const int DefaultReferenceImages = 1000;

    /// <summary>The deck of the paper's CIFAR runs: AugMix and Gaussian cards.</summary>
    public static readonly IReadOnlyList<string> DefaultAugmentations = new[] { TrainingAugmentation.AugMix, TrainingAugmentation.Gaussian };

    /// <summary>The retraining modes a card may use: both continue from the trained weights, so no card reads another's θ0.</summary>
    public static readonly string[] RetrainModes = { Retraining.LrRewind, Retraining.FineTune };

    /// <summary>The schema, with the deck's defaults.</summary>
    public static readonly OptionSchema<CardOptions> Schema = new(
        new[]
        {
            new HparamDefinition(HparamKeys.Rounds, HparamType.Int, (long)DefaultRounds, v => (long)v is >= 0 and <= 100 ? null : "must be between 0 and 100").AsLevel().GraphOnly(),
            new HparamDefinition(HparamKeys.Members, HparamType.Int, (long)DefaultMembers, v => (long)v is >= 1 and <= 16 ? null : "must be between 1 and 16 cards per augmentation"),
            new HparamDefinition(CardKeys.Augmentations, HparamType.StringList, ImmutableArray.CreateRange(DefaultAugmentations.Cast<object>()), CheckAugmentations),
            new HparamDefinition(CardKeys.ReferenceImages, HparamType.Int, (long)DefaultReferenceImages, v => (long)v is >= 1 and <= 100_000 ? null : "must be between 1 and 100000 images"),
            new HparamDefinition(CardKeys.GateBatch, HparamType.Int, (long)DefaultGateBatch, v => (long)v is >= 2 and <= 10_000 ? null : "must be between 2 and 10000 images"),
            RetrainOptions.RewindOption,
            new HparamDefinition(HparamKeys.Retrain, HparamType.String, Retraining.LrRewind, HparamChecks.OneOf(RetrainModes)),
        }.Concat(MagnitudePruningOptions.Definitions),
        v => new CardOptions(v.Int(HparamKeys.Rounds), MagnitudePruningOptions.From(v),
            new RetrainOptions(v.Int(HparamKeys.RewindIteration), v.String(HparamKeys.Retrain), false, RetrainOptions.DefaultKdAlpha, RetrainOptions.DefaultKdTemperature),
            v.Strings(CardKeys.Augmentations), v.Int(HparamKeys.Members), v.Int(CardKeys.ReferenceImages)) { GateBatch = v.Int(CardKeys.GateBatch) });

    /// <summary>Every card of the deck: its augmentation, its number within its group (from 1) and its branch.</summary>
    public IEnumerable<(string Augmentation, int Number, string Branch)> Cards =>
        Augmentations.SelectMany(a => Enumerable.Range(1, Members).Select(j => (a, j, CardBranches.Card(a, j))));

    private static string? CheckAugmentations(object v)
    {
        var items = ((IEnumerable<object>)v).Select(x => (string)x).ToList();
        if (items.Count == 0) return $"must name at least one augmentation ({string.Join(", ", TrainingAugmentation.Kinds)})";
        if (items.Distinct().Count() != items.Count) return "has repeated entries";
        return HparamChecks.SubsetOf(TrainingAugmentation.Kinds)(v);
    }
}

/// <summary>The branches of a CARD-Deck trial (part of task identity and of the Parquet output: never rename one).</summary>
public static class CardBranches
{
    /// <summary>The deck of the paper: each input routed to the group whose reference spectrum is nearest its own, whose cards' logits are averaged.</summary>
    public const string SpectralDeck = "deck";

    /// <summary>Every card's logits averaged for every input (RobustBench's <c>Diffenderfer2021CARD_Deck</c>).</summary>
    public const string AverageDeck = "deck-average";

    /// <summary>The gate applied to <c>gate-batch</c> consecutive inputs together: their mean spectrum picks one group for all of them.</summary>
    public const string BatchDeck = "deck-batch";

    /// <summary>Card <paramref name="number"/> of the group trained with <paramref name="augmentation"/>: <c>augmix-1</c>.</summary>
    public static string Card(string augmentation, int number) => $"{augmentation}-{number}";

    /// <summary>The augmentation a card's branch names, or null for a deck.</summary>
    public static string? AugmentationOf(string branch) =>
        branch is SpectralDeck or AverageDeck or BatchDeck ? null : TrainingAugmentation.Kinds.FirstOrDefault(k => branch.StartsWith(k + "-", StringComparison.Ordinal));

    /// <summary>The card's number within its group.</summary>
    public static int NumberOf(string branch) => int.Parse(branch[(branch.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
