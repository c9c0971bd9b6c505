using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Snip;

/// <summary>
/// SNIP (Lee et al. 2019): score the freshly initialised network by |∂L/∂θ ⊙ θ| on a class-balanced
/// batch, keep the global top-k to <c>method.sparsity</c>, train that sparse network once. One task.
/// </summary>
public sealed class SnipMethod : MethodDefinition<SnipOptions>
{
    public const string MethodName = "snip";

    /// <summary>The definition.</summary>
    public SnipMethod() : base(MethodName, "SNIP: prune at init by connection sensitivity |g ⊙ θ| (Lee et al. 2019)", SnipOptions.Schema) { }

    /// <inheritdoc />
    public override string? Retraining => "the training of the mask scored at init (scoring uses the trial's training options and activation)";

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(SnipOptions options, PlanContext context) => new[] { PlanNode.Start(1, Branches.Main) };
}
