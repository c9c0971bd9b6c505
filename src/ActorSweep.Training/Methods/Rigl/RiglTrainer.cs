using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Methods.Rigl;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Rigl;

/// <summary>RigL: dynamic sparse training that regrows by dense-gradient magnitude.</summary>
public sealed class RiglTrainer : MethodTrainer<RiglOptions>
{
    /// <summary>The trainer.</summary>
    public RiglTrainer() : base(new RiglMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, RiglOptions options) =>
        DynamicSparseTraining.Train(context, options.Sparsity, options.Distribution, options.Updates, GrowthCriterion.Gradient, options.PruneFirstLayer);
}
