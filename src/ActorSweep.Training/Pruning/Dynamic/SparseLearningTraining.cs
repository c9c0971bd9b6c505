using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Pruning.Distribution;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Pruning.Dynamic;

/// <summary>
/// A sparse_learning run (sparse momentum, and SET's sparse-learning variant): the trial's θ0 under a random mask of
/// every prunable layer — each weight kept with probability 1 − sparsity for the uniform distribution (the reference's
/// <c>constant</c> init), exact ER/ERK counts otherwise — trained with <see cref="SparseMomentum"/> at every epoch end.
/// </summary>
public static class SparseLearningTraining
{
    /// <summary>Trains the context's task.</summary>
    public static TrainedTask Train(TaskContext context, double sparsity, LayerDistribution distribution, SparseLearningSchedule schedule, SparseLearningGrowth growth, Redistribution redistribution)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var layers = model.PrunableLayers;
        Mask mask;
        double baseline;
        if (distribution == LayerDistribution.Uniform)
        {
            mask = RandomMasks.Bernoulli(layers, 1 - sparsity, context.Random.SparseInitMask);
            baseline = layers.Sum(l => l.Count * (1 - sparsity));
        }
        else
        {
            var kept = LayerDensities.KeptCounts(layers, sparsity, distribution);
            mask = RandomMasks.WithLayerCounts(layers, kept, context.Random.SparseInitMask);
            baseline = kept.Values.Sum();
        }
        var training = context.Training;
        var perEpoch = Math.Max(1, context.TrainSplit.Count / training.BatchSize);
        var updater = new SparseMomentum(schedule, growth, redistribution, training.Iterations, perEpoch, baseline, context.Random.MaskUpdates);
        return TrainedTask.Of(model, mask, context.StartAndTrain(model, mask, 0, new TrainingHooks { MaskUpdater = updater }));
    }
}
