using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.SynFlow;

/// <summary>
/// SynFlow (Tanaka et al. 2020): data-free iterative pruning at init by synaptic flow, to
/// <c>method.sparsity</c> over <c>method.prune-iterations</c> rounds, then train once. One task.
/// </summary>
public sealed class SynFlowMethod : MethodDefinition<SynFlowOptions>
{
    public const string MethodName = "synflow";

    /// <summary>The definition.</summary>
    public SynFlowMethod() : base(MethodName, "SynFlow: data-free iterative synaptic-flow pruning at init (Tanaka et al. 2020)", SynFlowOptions.Schema) { }

    /// <inheritdoc />
    public override string? Retraining => "the training of the mask scored at init (scoring is data-free, with the trial's activation)";

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(SynFlowOptions options, PlanContext context) => new[] { PlanNode.Start(1, Branches.Main) };
}
