using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>
/// <c>method.sparsity</c>: the fraction of prunable weights a method removes. It has no default: every
/// method that takes it needs it in its block or as a grid axis (<c>grid.method.sparsity</c>).
/// </summary>
public static class TargetSparsity
{
    /// <summary>The required option.</summary>
    public static readonly HparamDefinition Option = new HparamDefinition(HparamKeys.Sparsity, HparamType.Double, null, HparamChecks.OpenFraction).AsLevel();
}
