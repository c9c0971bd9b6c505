using ActorSweep.Core.Layout;
using ActorSweep.Core.Lineage;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
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
                var finalLr = context.Training.LearningRateAt(context.Training.Iterations - 1);
                hooks = hooks with { LearningRate = _ => finalLr };
                break;
            default:
                throw new NotSupportedException($"method.retrain '{retrain.Mode}' is not implemented; known: {string.Join(", ", Retraining.All)}");
        }
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
            return TrainedTask.Of(model, mask, context.StartAndTrain(model, mask, start, hooks));
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
