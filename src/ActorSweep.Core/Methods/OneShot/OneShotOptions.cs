using ActorSweep.Core.Lineage;
using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.OneShot;

/// <summary>One-shot pruning's options: the target sparsity, how to prune, retrain and control.</summary>
public sealed record OneShotOptions(double Sparsity, MagnitudePruningOptions Pruning, RetrainOptions Retrain, ControlOptions Controls)
{
    /// <summary>The schema, with one-shot's defaults.</summary>
    public static readonly OptionSchema<OneShotOptions> Schema = new(
        new[] { TargetSparsity.Option }.Concat(MagnitudePruningOptions.Definitions).Concat(RetrainOptions.Definitions).Concat(ControlOptions.Definitions),
        v => new OneShotOptions(v.Double(HparamKeys.Sparsity), MagnitudePruningOptions.From(v), RetrainOptions.From(v), ControlOptions.From(v)));
}
