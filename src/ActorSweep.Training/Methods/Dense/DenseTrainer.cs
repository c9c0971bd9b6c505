using ActorSweep.Core.Methods.Dense;
using ActorSweep.Core.Options;
using ActorSweep.Training.Lineage;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Dense;

/// <summary>The dense baseline: the trial's θ0 trained to the end.</summary>
public sealed class DenseTrainer : MethodTrainer<NoOptions>
{
    /// <summary>The trainer.</summary>
    public DenseTrainer() : base(new DenseMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, NoOptions options) => DenseRound.Train(context, 0);
}
