using ActorSweep.Core.Layout;
using ActorSweep.Core.Lineage;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.Basis;
using ActorSweep.Training.Pruning.Magnitude;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Lineage;

/// <summary>
/// A pruned round: prune the parent's trained weights among the parent's survivors (the method decides how),
/// then retrain as <see cref="RetrainOptions"/> says — weight rewinding to θ0 / θ_k, learning-rate rewinding or
/// fine-tuning from the trained weights (Renda et al. 2020) — optionally distilling the trial's dense network
/// (the KD ticket). Shared by IMP and one-shot pruning.
/// </summary>
public static class PrunedRound
{
    /// <summary>A pruning step: the new mask from the model (its layers and default rates), the parent's mask and trained weights.</summary>
    public delegate Mask PruneStep(SparseNet model, Mask parentMask, IReadOnlyDictionary<string, float[]> parentWeights);

    /// <summary>
    /// IMP's pruning step: magnitude pruning of the parent's survivors per layer — at the model's paper rates or the study's —
    /// or globally (open_lth's sparse_global). In another basis the magnitudes ranked are the coefficients', and the mask
    /// keeps coefficients of that basis. Shared by IMP and the CARD-Deck's cards.
    /// </summary>
    public static PruneStep MagnitudeStep(MagnitudePruningOptions p) => (model, parentMask, parentWeights) =>
        BasisPruning.Prune(p.Basis, model.PrunableLayers, parentWeights, magnitudes => p.IsGlobal
            ? MagnitudePruner.Global(parentMask, magnitudes, p.GlobalFraction, p.ExcludeOutput ?? model.ExcludesOutputFromGlobalPruning)
            : MagnitudePruner.Layerwise(parentMask, magnitudes, kind => kind switch
            {
                LayerKind.Fc => p.RateFc ?? model.DefaultRate(kind),
                LayerKind.Conv => p.RateConv ?? model.DefaultRate(kind),
                _ => p.RateOutput ?? model.DefaultRate(kind),
            }));

    /// <summary>Prunes with <paramref name="prune"/> and retrains.</summary>
    public static TrainedTask Train(TaskContext context, PruneStep prune, RetrainOptions retrain)
    {
        var model = context.NewModel();
        var layers = model.PrunableLayers;
        var parent = context.Parent();
        var mask = prune(model, context.Artifacts.LoadMask(parent, layers), context.Artifacts.LoadPrunableWeights(parent, ArtifactNames.Final, layers));
        int start;
        var hooks = TrainingHooks.None;
        switch (retrain.Mode)
        {
            case Retraining.WeightRewind:
                start = Rewinding.ResetToRoot(context, model, retrain.RewindIteration);
                break;
            case Retraining.LrRewind:
                context.Artifacts.LoadWeights(parent, ArtifactNames.Final, model);
                start = retrain.RewindIteration;
                break;
            case Retraining.FineTune:
                context.Artifacts.LoadWeights(parent, ArtifactNames.Final, model);
                start = retrain.RewindIteration;
                hooks = AtFinalRate(context.Training);
                break;
            default:
                throw new NotSupportedException($"method.retrain '{retrain.Mode}' is not implemented; known: {string.Join(", ", Retraining.All)}");
        }
        return Distilling(context, retrain, hooks, h => context.StartAndTrain(model, mask, start, h), model, mask);
    }

    /// <summary>
    /// A round's <see cref="Branches.Retrained"/> branch: the mask and the weights its main task (the parent) started from,
    /// trained from the same iteration with the block's <c>retraining</c> options (<see cref="TaskContext.Retraining"/>) —
    /// fine-tuning at the retraining schedule's last rate, distilling as the round does. Round 0 is the dense network from θ0.
    /// </summary>
    public static TrainedTask TrainRetrained(TaskContext context, RetrainOptions retrain)
    {
        var model = context.NewModel();
        var parent = context.Parent();
        var mask = context.Artifacts.LoadMask(parent, model.PrunableLayers);
        context.Artifacts.LoadWeights(parent, ArtifactNames.Init, model);
        if (context.Task.Round == 0) return TrainedTask.Of(model, mask, context.StartAndRetrain(model, mask));
        var hooks = retrain.Mode == Retraining.FineTune ? AtFinalRate(context.Retraining) : TrainingHooks.None;
        return Distilling(context, retrain, hooks, h => context.StartAndRetrain(model, mask, retrain.RewindIteration, h), model, mask);
    }

    /// <summary>Fine-tuning: every step at the schedule's last learning rate (Renda et al.'s fine-tuning baseline).</summary>
    private static TrainingHooks AtFinalRate(TrainingHparams training)
    {
        var finalLr = training.LearningRateAt(training.Iterations - 1);
        return TrainingHooks.None with { LearningRate = _ => finalLr };
    }

    private static TrainedTask Distilling(TaskContext context, RetrainOptions retrain, TrainingHooks hooks, Func<TrainingHooks, TrainOutcome> train, SparseNet model, Mask mask)
    {
        SparseNet? teacher = null;
        try
        {
            if (retrain.Distill)
            {
                teacher = context.NewModel();
                context.Artifacts.LoadWeights(context.Root, ArtifactNames.Final, teacher);
                teacher.eval();
                var t = teacher;
                hooks = hooks with { Loss = (logits, x, y) => Distilled(t, logits, x, y, retrain) };
            }
            return TrainedTask.Of(model, mask, train(hooks));
        }
        finally
        {
            teacher?.Dispose();
        }
    }

    private static Tensor Distilled(SparseNet teacher, Tensor logits, Tensor x, Tensor y, RetrainOptions retrain)
    {
        Tensor teacherLogits;
        using (no_grad()) teacherLogits = teacher.forward(x);
        return DistillationLoss.Compute(logits, teacherLogits, y, retrain.KdAlpha, retrain.KdTemperature);
    }
}
