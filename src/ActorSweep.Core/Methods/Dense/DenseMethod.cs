using ActorSweep.Core.Options;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Dense;

/// <summary>The unpruned baseline: round 0 only.</summary>
public sealed class DenseMethod : MethodDefinition<NoOptions>
{
    public const string MethodName = "dense";

    /// <summary>The definition.</summary>
    public DenseMethod() : base(MethodName, "dense baseline (no pruning)", NoOptions.Schema) { }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(NoOptions options, PlanContext context) => new[] { PlanNode.Start(0, Branches.Main) };
}
