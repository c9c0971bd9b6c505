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
    /// <summary>
    /// Trains the context's task. With <paramref name="pruneFirstLayer"/> false (null: the model's default) the
    /// first layer stays dense and unchanged, and <paramref name="sparsity"/> and the distribution apply to the
    /// other layers, as rigl's CIFAR code masks only those.
    /// </summary>
    public static TrainedTask Train(TaskContext context, double sparsity, string distribution, MaskUpdateSchedule schedule, GrowthCriterion growth, bool? pruneFirstLayer)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var layers = model.PrunableLayers;
        var dense = pruneFirstLayer ?? model.PrunesFirstLayerInSparseTraining ? Array.Empty<string>() : new[] { layers[0].Name };
        var sparse = layers.Where(l => !dense.Contains(l.Name)).ToList();
        var kept = LayerDensities.KeptCounts(sparse, sparsity, distribution).ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var l in layers.Where(l => dense.Contains(l.Name))) kept[l.Name] = l.Count;
        var mask = RandomMasks.WithLayerCounts(layers, kept, context.Random.SparseInitMask);
        var hooks = new TrainingHooks { MaskUpdater = new DynamicSparsity(growth, context.Training.Iterations, schedule, context.Random.MaskUpdates, dense) };
        return TrainedTask.Of(model, mask, context.StartAndTrain(model, mask, 0, hooks));
    }
}
