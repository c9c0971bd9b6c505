using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Set;

/// <summary>
/// SET (Mocanu et al. 2018), as google-research/rigl's SparseSETOptimizer: a random sparse network whose
/// mask drops its smallest magnitudes and regrows as many connections at random on a schedule. With
/// <c>variant = sparse-learning</c>, TimDettmers/sparse_learning's SET instead: the same per-epoch schedule as sparse
/// momentum, growth at random, no redistribution (sparse_learning's <c>no_redistribution</c>: each layer regrows in
/// proportion to its size — what it lost under a uniform mask, so from <see cref="Study.DefaultsVersion.Release4"/> on
/// the variant starts uniform like sparse_learning's <c>constant</c> init; under ER/ERK the densities drift towards
/// uniform). One task.
/// </summary>
public sealed class SetMethod : MethodDefinition<SetOptions>
{
    public const string MethodName = "set";

    /// <summary>The definition.</summary>
    public SetMethod() : base(MethodName, "SET: drop smallest magnitudes, regrow at random (Mocanu et al. 2018)", SetOptions.Schema) { }

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(SetOptions options, Hparams trial) =>
        SetOptions.KeysOfOtherVariant(options.Variant).Where(trial.Contains)
            .Select(k => $"{k} does not apply to SET's {options.Variant} variant (method.variant = {options.Variant}); remove it or choose the other variant");

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(SetOptions options, PlanContext context) => new[] { PlanNode.Start(1, Branches.Main) };
}
