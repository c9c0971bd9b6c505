using ActorSweep.Core.Methods.Imp;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Lineage;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.Basis;
using ActorSweep.Training.Pruning.Magnitude;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Imp;

/// <summary>
/// Iterative magnitude pruning: round 0 trains the dense network (saving θ_k when rewinding); round k
/// removes a fraction of the parent round's remaining weights by magnitude — per layer at the model's
/// paper rates or the study's, or globally (open_lth's sparse_global) — and retrains; controls branch off.
/// </summary>
public sealed class ImpTrainer : MethodTrainer<ImpOptions>
{
    /// <summary>The trainer.</summary>
    public ImpTrainer() : base(new ImpMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, ImpOptions options) => context.Task switch
    {
        { Branch: Branches.Main, Round: 0 } => DenseRound.Train(context, options.Retrain.RewindIteration),
        { Branch: Branches.Main } => PrunedRound.Train(context, (model, mask, weights) => Prune(model, mask, weights, options.Pruning), options.Retrain),
        { Branch: Branches.Retrained } => PrunedRound.TrainRetrained(context, options.Retrain),
        _ => ControlRuns.Train(context, options.Retrain.RewindIteration, options.Controls),
    };

    /// <summary>One IMP step: the next mask from the parent's mask and trained weights (<see cref="PrunedRound.MagnitudeStep"/>).</summary>
    public static Mask Prune(SparseNet model, Mask parentMask, IReadOnlyDictionary<string, float[]> parentWeights, MagnitudePruningOptions p) =>
        PrunedRound.MagnitudeStep(p)(model, parentMask, parentWeights);
}
