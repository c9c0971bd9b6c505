using ActorSweep.Core.Methods.Snfs;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Snfs;

/// <summary>Sparse momentum: sparse_learning's per-epoch prune, redistribution and growth (<see cref="SparseMomentum"/>).</summary>
public sealed class SnfsTrainer : MethodTrainer<SnfsOptions>
{
    /// <summary>The trainer.</summary>
    public SnfsTrainer() : base(new SnfsMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, SnfsOptions options) =>
        SparseLearningTraining.Train(context, options.Sparsity, options.Distribution, options.Schedule, options.Growth, options.Redistribution);
}
