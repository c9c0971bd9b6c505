using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Rigl;

/// <summary>
/// RigL (Evci et al. 2020), as google-research/rigl's SparseRigLOptimizer: like SET, but regrowth picks
/// the inactive connections with the largest dense-gradient magnitude. One task.
/// </summary>
public sealed class RiglMethod : MethodDefinition<RiglOptions>
{
    public const string MethodName = "rigl";

    /// <summary>The definition.</summary>
    public RiglMethod() : base(MethodName, "RigL: drop smallest magnitudes, regrow by dense gradient (Evci et al. 2020)", RiglOptions.Schema) { }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(RiglOptions options, PlanContext context) => new[] { PlanNode.Start(1, Branches.Main) };
}
