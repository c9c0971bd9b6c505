using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Snfs;

/// <summary>
/// Sparse momentum (Dettmers &amp; Zettlemoyer 2019), as TimDettmers/sparse_learning's <c>Masking</c>: a random sparse
/// network whose mask, at the end of every epoch, prunes the smallest magnitudes of each layer at a cosine-decayed
/// prune rate, redistributes the freed weights across layers by the layers' mean momentum magnitude and regrows them
/// where the momentum is largest. Every layer is sparse, as in the reference. One task.
/// </summary>
public sealed class SnfsMethod : MethodDefinition<SnfsOptions>
{
    public const string MethodName = "snfs";

    /// <summary>The definition.</summary>
    public SnfsMethod() : base(MethodName, "sparse momentum: prune by magnitude, redistribute and regrow by momentum (Dettmers & Zettlemoyer 2019)", SnfsOptions.Schema) { }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(SnfsOptions options, PlanContext context) => new[] { PlanNode.Start(1, Branches.Main) };
}
