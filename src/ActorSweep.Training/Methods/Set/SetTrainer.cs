using ActorSweep.Core.Methods.Set;
using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Set;

/// <summary>SET: dynamic sparse training that regrows at random (rigl's, or sparse_learning's with <c>variant = sparse-learning</c>).</summary>
public sealed class SetTrainer : MethodTrainer<SetOptions>
{
    /// <summary>The trainer.</summary>
    public SetTrainer() : base(new SetMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, SetOptions options) => options.Variant == SetOptions.SparseLearningVariant
        ? SparseLearningTraining.Train(context, options.Sparsity, options.Distribution, options.SparseLearning, SparseLearningGrowth.Random, Redistribution.None)
        : DynamicSparseTraining.Train(context, options.Sparsity, options.Distribution, options.Updates, GrowthCriterion.Random, options.PruneFirstLayer);
}
