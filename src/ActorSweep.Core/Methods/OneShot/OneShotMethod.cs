using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.OneShot;

/// <summary>
/// One-shot magnitude pruning: train dense once, prune straight to <c>method.sparsity</c>, reset to
/// θ0 (or θ_k) and retrain — the paper's one-shot baseline against iterative pruning.
/// </summary>
public sealed class OneShotMethod : MethodDefinition<OneShotOptions>
{
    public const string MethodName = "oneshot";

    /// <summary>The definition.</summary>
    public OneShotMethod() : base(MethodName, "one-shot magnitude pruning to a target sparsity", OneShotOptions.Schema) { }

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(OneShotOptions options, Hparams trial, TrialFacts facts) =>
        Validate(options, trial).Concat(options.Pruning.BasisProblems(facts));

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(OneShotOptions options, Hparams trial) => options.Retrain.Validate(trial);

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(OneShotOptions options, PlanContext context)
    {
        var plan = new List<PlanNode> { PlanNode.Start(0, Branches.Main), PlanNode.After(0, 1, Branches.Main) };
        options.Controls.AddTo(plan, 1, 1);
        return plan;
    }
}
