using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Models;
using ActorSweep.Training.Randomness;
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
    public static TrainedTask Train(TaskContext context, double sparsity, LayerDistribution distribution, MaskUpdateSchedule schedule, GrowthCriterion growth, bool? pruneFirstLayer)
    {
        var start = Start(context, sparsity, distribution, pruneFirstLayer, context.Random);
        var hooks = new TrainingHooks { MaskUpdater = new DynamicSparsity(growth, context.Training.Iterations, schedule, context.Random.MaskUpdates, start.DenseLayers) };
        return TrainedTask.Of(start.Model, start.Mask, context.StartAndTrain(start.Model, start.Mask, 0, hooks));
    }

    /// <summary>
    /// Where a dynamic-sparse run starts: θ0 from <paramref name="streams"/>' initialisation under a random mask (drawn from
    /// its sparse-init stream) with the distribution's layer counts; the first layer dense unless it is pruned.
    /// </summary>
    public static SparseStart Start(TaskContext context, double sparsity, LayerDistribution distribution, bool? pruneFirstLayer, RandomStreams streams)
    {
        var model = context.NewModel(streams.Initialisation);
        var layers = model.PrunableLayers;
        var dense = pruneFirstLayer ?? model.PrunesFirstLayerInSparseTraining ? Array.Empty<string>() : new[] { layers[0].Name };
        var sparse = layers.Where(l => !dense.Contains(l.Name)).ToList();
        var kept = LayerDensities.KeptCounts(sparse, sparsity, distribution).ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var l in layers.Where(l => dense.Contains(l.Name))) kept[l.Name] = l.Count;
        return new SparseStart(model, RandomMasks.WithLayerCounts(layers, kept, streams.SparseInitMask), dense);
    }
}

/// <summary>A dynamic-sparse run's start: the model at θ0, its initial mask, and the layers kept dense.</summary>
public sealed record SparseStart(SparseNet Model, Mask Mask, IReadOnlyList<string> DenseLayers);
