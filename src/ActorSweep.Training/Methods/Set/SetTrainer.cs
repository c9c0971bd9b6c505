using ActorSweep.Core.Methods.Set;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Set;

/// <summary>SET: dynamic sparse training that regrows at random.</summary>
public sealed class SetTrainer : MethodTrainer<SetOptions>
{
    /// <summary>The trainer.</summary>
    public SetTrainer() : base(new SetMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, SetOptions options) =>
        DynamicSparseTraining.Train(context, options.Sparsity, options.Distribution, options.Updates, GrowthCriterion.Random, options.PruneFirstLayer);
}
