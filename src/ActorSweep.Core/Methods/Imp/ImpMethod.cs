using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Imp;

/// <summary>
/// Iterative magnitude pruning (Frankle &amp; Carbin 2019): train, prune, reset survivors to θ0 (or
/// θ_k with rewinding), repeat. Round k needs round k−1's trained weights and mask; each requested
/// control (random re-init, random mask) branches off every pruned round.
/// </summary>
public sealed class ImpMethod : IMethodDefinition
{
    public const string MethodName = "imp";
    public const int DefaultRounds = 5;

    /// <inheritdoc />
    public string Name => MethodName;

    /// <inheritdoc />
    public string Summary => "iterative magnitude pruning with reset to θ0 / rewinding (Frankle & Carbin 2019)";

    /// <inheritdoc />
    public IReadOnlyList<HparamDefinition> Options { get; } = new[]
    {
        new HparamDefinition(HparamKeys.Rounds, HparamType.Int, (long)DefaultRounds, v => (long)v is >= 1 and <= 100 ? null : "must be between 1 and 100"),
    }.Concat(PruningSchema.Common).ToArray();

    /// <inheritdoc />
    public IEnumerable<string> Validate(Hparams trial) => PruningSchema.Validate(trial);

    /// <inheritdoc />
    public IReadOnlyList<LineageNode> Plan(Hparams trial)
    {
        var plan = new List<LineageNode> { new(0, Branches.Main, null) };
        var previousMain = 0;
        for (var round = 1; round <= trial.GetInt(HparamKeys.Rounds, DefaultRounds); round++)
        {
            plan.Add(new LineageNode(round, Branches.Main, previousMain));
            previousMain = plan.Count - 1;
            PruningSchema.AddControls(plan, trial, round, previousMain);
        }
        return plan;
    }
}
