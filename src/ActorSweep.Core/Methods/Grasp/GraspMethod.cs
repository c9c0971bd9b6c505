using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Grasp;

/// <summary>
/// GraSP (Wang et al. 2020): keep the weights whose removal least reduces gradient flow (scores
/// Hg ⊙ θ with scaled logits), global top-k to <c>method.sparsity</c>, then train once. One task.
/// </summary>
public sealed class GraspMethod : MethodDefinition<GraspOptions>
{
    public const string MethodName = "grasp";

    /// <summary>The definition.</summary>
    public GraspMethod() : base(MethodName, "GraSP: prune at init preserving gradient flow, −θ ⊙ Hg (Wang et al. 2020)", GraspOptions.Schema) { }

    /// <inheritdoc />
    public override string? Retraining => "the training of the mask scored at init (scoring uses the trial's training options and activation)";

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(GraspOptions options, PlanContext context) => new[] { PlanNode.Start(1, Branches.Main) };
}
