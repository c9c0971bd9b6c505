using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Imp;

/// <summary>
/// Iterative magnitude pruning (Frankle &amp; Carbin 2019): train, prune, reset survivors to θ0 (or
/// θ_k with rewinding), repeat. Round k needs round k−1's trained weights and mask; each requested
/// control (random re-init, random mask, Scratch-B) branches off every pruned round.
/// </summary>
public sealed class ImpMethod : MethodDefinition<ImpOptions>
{
    public const string MethodName = "imp";

    /// <summary>The definition.</summary>
    public ImpMethod() : base(MethodName, "iterative magnitude pruning with reset to θ0 / rewinding (Frankle & Carbin 2019)", ImpOptions.Schema) { }

    /// <inheritdoc />
    public override string? Retraining => "a retrained branch per round (round 0: the dense network) from the round's mask and start; the pruning rounds keep the trial's training";

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(ImpOptions options, Hparams trial, TrialFacts facts) =>
        Validate(options, trial).Concat(options.Pruning.BasisProblems(facts));

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(ImpOptions options, Hparams trial) =>
        RetrainingSchema.IsSet(trial)
            ? options.Retrain.Validate(trial).Concat(options.Retrain.Validate(RetrainingSchema.Overlay(trial)).Select(p => $"with the retraining options: {p}")).Distinct()
            : options.Retrain.Validate(trial);

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(ImpOptions options, PlanContext context)
    {
        var retrained = RetrainingSchema.IsSet(context.Trial.Hparams);
        var plan = new List<PlanNode> { PlanNode.Start(0, Branches.Main) };
        if (retrained) plan.Add(PlanNode.After(0, 0, Branches.Retrained));
        var previousMain = 0;
        for (var round = 1; round <= options.Rounds; round++)
        {
            plan.Add(PlanNode.After(previousMain, round, Branches.Main));
            previousMain = plan.Count - 1;
            if (retrained) plan.Add(PlanNode.After(previousMain, round, Branches.Retrained));
            options.Controls.AddTo(plan, round, previousMain);
        }
        return plan;
    }
}
