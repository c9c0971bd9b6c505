using ActorSweep.Core.Methods.RandomPruning;
using ActorSweep.Training.Pruning.Distribution;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.RandomPruning;

/// <summary>Random pruning at init: the trial's θ0 under a random mask with the chosen layer densities, trained once.</summary>
public sealed class RandomPruningTrainer : MethodTrainer<RandomPruningOptions>
{
    /// <summary>The trainer.</summary>
    public RandomPruningTrainer() : base(new RandomPruningMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, RandomPruningOptions options)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var layers = model.PrunableLayers;
        var mask = RandomMasks.WithLayerCounts(layers, LayerDensities.KeptCounts(layers, options.Sparsity, options.Distribution), context.Random.AtInitSampling);
        return TrainedTask.Of(model, mask, context.StartAndRetrain(model, mask));
    }
}
