using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Pruning.Distribution;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Pruning.Dynamic;

/// <summary>
/// A dynamic-sparse training run, as google-research/rigl's sparse optimizers: the trial's θ0 under a random
/// mask with the layer densities of a distribution, trained with mask updates on a schedule. SET and RigL
/// differ only in how they grow (<see cref="GrowthCriterion"/>).
/// </summary>
public static class DynamicSparseTraining
{
    /// <summary>Trains the context's task.</summary>
    public static TrainedTask Train(TaskContext context, double sparsity, string distribution, MaskUpdateSchedule schedule, GrowthCriterion growth)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var layers = model.PrunableLayers;
        var mask = RandomMasks.WithLayerCounts(layers, LayerDensities.KeptCounts(layers, sparsity, distribution), context.Random.SparseInitMask);
        var hooks = new TrainingHooks { MaskUpdater = new DynamicSparsity(growth, context.Training.Iterations, schedule, context.Random.MaskUpdates) };
        return TrainedTask.Of(model, mask, context.StartAndTrain(model, mask, 0, hooks));
    }
}
