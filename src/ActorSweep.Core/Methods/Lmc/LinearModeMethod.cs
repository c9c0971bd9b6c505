using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Lmc;

/// <summary>
/// Linear mode connectivity (Frankle et al. 2020): a dense run saves θ_k at
/// <c>method.rewind-iteration</c>; from θ_k two copies train to the end with different data orders;
/// the error along the line between them at <c>method.interpolation-points</c> (21) α's gives the
/// instability, max error − mean of the two endpoints' errors. The interpolation points go to the
/// <c>interpolation</c> dataset. Two tasks per trial: the dense run and the pair.
/// </summary>
public sealed class LinearModeMethod : IMethodDefinition
{
    public const string MethodName = "lmc";
    public const int DefaultPoints = 21;

    /// <inheritdoc />
    public string Name => MethodName;

    /// <inheritdoc />
    public string Summary => "linear mode connectivity / instability from a rewind point (Frankle et al. 2020)";

    /// <inheritdoc />
    public IReadOnlyList<HparamDefinition> Options { get; } = new[]
    {
        new HparamDefinition(HparamKeys.RewindIteration, HparamType.Int, 0L, HparamChecks.NonNegative),
        new HparamDefinition(HparamKeys.InterpolationPoints, HparamType.Int, (long)DefaultPoints, v => (long)v is >= 2 and <= 1001 ? null : "must be between 2 and 1001"),
    };

    /// <inheritdoc />
    public IEnumerable<string> Validate(Hparams trial) => Imp.PruningSchema.Validate(trial);

    /// <inheritdoc />
    public IReadOnlyList<LineageNode> Plan(Hparams trial) => new[] { new LineageNode(0, Branches.Main, null), new LineageNode(0, Branches.Lmc, 0) };
}
