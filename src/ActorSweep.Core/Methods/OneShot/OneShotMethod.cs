using ActorSweep.Core.Methods.Imp;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.OneShot;

/// <summary>
/// One-shot magnitude pruning: train dense once, prune straight to <c>method.sparsity</c>, reset to
/// θ0 (or θ_k) and retrain — the paper's one-shot baseline against iterative pruning.
/// </summary>
public sealed class OneShotMethod : IMethodDefinition
{
    public const string MethodName = "oneshot";

    /// <inheritdoc />
    public string Name => MethodName;

    /// <inheritdoc />
    public string Summary => "one-shot magnitude pruning to a target sparsity";

    /// <inheritdoc />
    public IReadOnlyList<HparamDefinition> Options { get; } = new[]
    {
        new HparamDefinition(HparamKeys.Sparsity, HparamType.Double, null, HparamChecks.OpenFraction),
    }.Concat(PruningSchema.Common).ToArray();

    /// <inheritdoc />
    public IEnumerable<string> Validate(Hparams trial) => PruningSchema.Validate(trial);

    /// <inheritdoc />
    public IReadOnlyList<LineageNode> Plan(Hparams trial)
    {
        var plan = new List<LineageNode> { new(0, Branches.Main, null), new(1, Branches.Main, 0) };
        PruningSchema.AddControls(plan, trial, 1, 1);
        return plan;
    }
}
