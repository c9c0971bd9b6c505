using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Set;

/// <summary>
/// SET (Mocanu et al. 2018), as google-research/rigl's SparseSETOptimizer: a random sparse network whose
/// mask drops its smallest magnitudes and regrows as many connections at random on a schedule. One task.
/// </summary>
public sealed class SetMethod : MethodDefinition<SetOptions>
{
    public const string MethodName = "set";

    /// <summary>The definition.</summary>
    public SetMethod() : base(MethodName, "SET: drop smallest magnitudes, regrow at random (Mocanu et al. 2018)", SetOptions.Schema) { }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(SetOptions options, PlanContext context) => new[] { PlanNode.Start(1, Branches.Main) };
}
