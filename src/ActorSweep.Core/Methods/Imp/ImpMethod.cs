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
    protected override IEnumerable<string> Validate(ImpOptions options, Hparams trial) => options.Retrain.Validate(trial);

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(ImpOptions options, PlanContext context)
    {
        var plan = new List<PlanNode> { PlanNode.Start(0, Branches.Main) };
        var previousMain = 0;
        for (var round = 1; round <= options.Rounds; round++)
        {
            plan.Add(PlanNode.After(previousMain, round, Branches.Main));
            previousMain = plan.Count - 1;
            options.Controls.AddTo(plan, round, previousMain);
        }
        return plan;
    }
}
