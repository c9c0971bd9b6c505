using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.EarlyBird;

/// <summary>
/// Early-Bird tickets (You et al. 2020; GATECH-EIC/Early-Bird-Tickets <c>main.py</c>). Round 0 trains the dense network
/// (with the L1 penalty on batch-norm scales) and draws a mask at every check — channels whose |γ| exceeds the p-quantile
/// of all batch-norm scales — keeping the last 5; when the newest is within ε = 0.1 (fraction of differing positions)
/// of each of the 4 before it, the ticket is drawn and the dense run stops there: the saving. Round 1 (EB Train)
/// trains the ticket from the drawn weights for the rest of the iterations, with the learning-rate schedule going on;
/// the re-init control trains the same mask from a fresh initialisation.
/// </summary>
public sealed class EarlyBirdMethod : MethodDefinition<EarlyBirdOptions>
{
    public const string MethodName = "early-bird";

    /// <summary>The definition.</summary>
    public EarlyBirdMethod() : base(MethodName, "Early-Bird tickets: draw the ticket when the pruning mask stops changing, then train it (You et al. 2020); criterion bn ranks batch-norm channels as the paper, magnitude ranks weights (ActorSweep's extension for networks without batch norm)", EarlyBirdOptions.Schema) { }

    /// <inheritdoc />
    public override IReadOnlyList<MeasurementDefinition> Measurements => EarlyBirdMeasurements.All;

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(EarlyBirdOptions options, Hparams trial, TrialFacts facts)
    {
        var training = TrainingHparams.From(trial);
        if (options.CheckEvery * options.MasksKept > training.Iterations)
            yield return $"{EarlyBirdKeys.CheckEvery} ({options.CheckEvery}) × {EarlyBirdKeys.MasksKept} ({options.MasksKept}) is more than {HparamKeys.Iterations} ({training.Iterations}): no ticket could ever be drawn";
        if (options.Criterion == EarlyBirdOptions.BatchNorm && facts.Model is { BatchNorm: false })
            yield return $"{EarlyBirdKeys.Criterion} = bn ranks batch-norm channels, and {trial.GetString(HparamKeys.Model)} has none to rank (models with them: conv-N-bn, vgg-N, resnet-N); " +
                         "use criterion = magnitude or auto";
    }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(EarlyBirdOptions options, PlanContext context)
    {
        var plan = new List<PlanNode> { PlanNode.Start(0, Branches.Main), PlanNode.After(0, 1, Branches.Main) };
        foreach (var control in options.Controls) plan.Add(PlanNode.After(0, 1, control));
        return plan;
    }
}
