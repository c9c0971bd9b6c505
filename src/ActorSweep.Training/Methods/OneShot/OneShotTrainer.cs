using ActorSweep.Core.Methods.OneShot;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Lineage;
using ActorSweep.Training.Pruning.Basis;
using ActorSweep.Training.Pruning.Magnitude;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.OneShot;

/// <summary>One-shot magnitude pruning: the dense round, then one pruned round straight to the target sparsity, and its controls.</summary>
public sealed class OneShotTrainer : MethodTrainer<OneShotOptions>
{
    /// <summary>The trainer.</summary>
    public OneShotTrainer() : base(new OneShotMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, OneShotOptions options) => context.Task switch
    {
        { Branch: Branches.Main, Round: 0 } => DenseRound.Train(context, options.Retrain.RewindIteration),
        { Branch: Branches.Main } => PrunedRound.Train(context,
            (model, mask, weights) => BasisPruning.Prune(options.Pruning.Basis, model.PrunableLayers, weights, magnitudes => MagnitudePruner.OneShot(mask, magnitudes,
                options.Sparsity, options.Pruning.IsGlobal, options.Pruning.ExcludeOutput ?? model.ExcludesOutputFromGlobalPruning)),
            options.Retrain),
        _ => ControlRuns.Train(context, options.Retrain.RewindIteration, options.Controls),
    };
}
