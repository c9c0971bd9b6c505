using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.RandomPruning;

/// <summary>Random pruning at init: a random mask with uniform, ER or ERK layer densities, trained once. One task.</summary>
public sealed class RandomPruningMethod : MethodDefinition<RandomPruningOptions>
{
    public const string MethodName = "random";

    /// <summary>The definition.</summary>
    public RandomPruningMethod() : base(MethodName, "random pruning at init (uniform, ER or ERK layer densities)", RandomPruningOptions.Schema) { }

    /// <inheritdoc />
    public override string? Retraining => "the training of the random mask (its only training)";

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(RandomPruningOptions options, PlanContext context) => new[] { PlanNode.Start(1, Branches.Main) };
}
