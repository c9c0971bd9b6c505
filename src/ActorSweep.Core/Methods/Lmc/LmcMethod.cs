using ActorSweep.Core.Lineage;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Lmc;

/// <summary>
/// Linear mode connectivity (Frankle et al. 2020): a dense run saves θ_k at
/// <c>method.rewind-iteration</c>; from θ_k two copies train to the end with different data orders;
/// the error along the line between them at <c>method.interpolation-points</c> (21) α's gives the
/// instability, max error − mean of the two endpoints' errors. The interpolation points go to the
/// <c>interpolation</c> dataset. Two tasks per trial: the dense run and the pair.
/// </summary>
public sealed class LmcMethod : MethodDefinition<LmcOptions>
{
    public const string MethodName = "lmc";

    /// <summary>The definition.</summary>
    public LmcMethod() : base(MethodName, "linear mode connectivity / instability from a rewind point (Frankle et al. 2020)", LmcOptions.Schema) { }

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(LmcOptions options, Hparams trial) => RetrainOptions.ValidateRewind(options.RewindIteration, trial);

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(LmcOptions options, PlanContext context) =>
        new[] { PlanNode.Start(0, Branches.Main), PlanNode.After(0, 0, Branches.Lmc) };
}
