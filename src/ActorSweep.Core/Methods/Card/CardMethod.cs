using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Card;

/// <summary>
/// CARD-Decks (Diffenderfer et al. 2021, "A Winning Hand"): compact, accurate, robust cards — each an IMP lineage with
/// learning-rate rewinding trained under one of the deck's augmentations (AugMix or Gaussian noise, <c>members</c> cards
/// per augmentation, each its own θ0 and data order) — and at every round the deck of that round's cards, evaluated three
/// ways: the paper's domain-adaptive deck, whose gate sends each input to the group of cards whose augmented training data
/// is spectrally nearest to it and averages that group's logits; the same gate deciding for a batch of consecutive inputs
/// together (their mean spectrum); and the plain deck averaging every card's logits.
/// </summary>
public sealed class CardMethod : MethodDefinition<CardOptions>
{
    public const string MethodName = "card";

    /// <summary>The definition.</summary>
    public CardMethod() : base(MethodName, "CARD-Decks: LRR tickets trained with AugMix / Gaussian augmentation, ensembled by spectral gating (Diffenderfer et al. 2021)", CardOptions.Schema) { }

    /// <inheritdoc />
    public override IReadOnlyList<MeasurementDefinition> Measurements => CardMeasurements.All;

    /// <summary>Every card trains under its group's augmentation, which the trial's options do not name; the decks are made of cards.</summary>
    public override bool TrainsAsItsTrial(string branch) => false;

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(CardOptions options, Hparams trial, TrialFacts facts) =>
        Validate(options, trial).Concat(options.Pruning.BasisProblems(facts));

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(CardOptions options, Hparams trial)
    {
        if (options.Augmentations.Count * options.Members < 2)
            yield return $"a deck needs at least 2 cards; {CardKeys.Augmentations} × {HparamKeys.Members} gives {options.Augmentations.Count * options.Members}";
        if (trial.Contains(HparamKeys.AugmentationKind))
            yield return $"a CARD-Deck sets each card's {HparamKeys.AugmentationKind} from {CardKeys.Augmentations}; remove {HparamKeys.AugmentationKind} " +
                         "(the other training.augmentation keys — sigma, severity, width, depth, alpha — still apply)";
        var training = TrainingHparams.From(trial);
        if (training.Robustness.Attacks.Count > 0)
            yield return $"{HparamKeys.RobustAttacks}: the deck's gate chooses cards by a non-differentiable nearest spectrum, so an attack on the deck is not defined here; " +
                         "measure the deck under corruptions and attack single networks (an imp trial)";
        foreach (var problem in Lineage.RetrainOptions.ValidateRewind(options.Retrain.RewindIteration, trial)) yield return problem;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(CardOptions options, PlanContext context)
    {
        var plan = new List<PlanNode>();
        var byRound = Enumerable.Range(0, options.Rounds + 1).Select(_ => new List<PlanEdge>()).ToArray();
        foreach (var (_, _, branch) in options.Cards)
        {
            plan.Add(PlanNode.Start(0, branch));
            byRound[0].Add(PlanEdge.Local(plan.Count - 1));
            for (var round = 1; round <= options.Rounds; round++)
            {
                plan.Add(PlanNode.After(plan.Count - 1, round, branch));
                byRound[round].Add(PlanEdge.Local(plan.Count - 1));
            }
        }
        for (var round = 0; round <= options.Rounds; round++)
        {
            plan.Add(new PlanNode(round, CardBranches.SpectralDeck, byRound[round]));
            plan.Add(new PlanNode(round, CardBranches.AverageDeck, byRound[round]));
        }
        // The batch deck after every other node: adding it left the earlier nodes (and their ids) as they were.
        for (var round = 0; round <= options.Rounds; round++) plan.Add(new PlanNode(round, CardBranches.BatchDeck, byRound[round]));
        return plan;
    }
}
