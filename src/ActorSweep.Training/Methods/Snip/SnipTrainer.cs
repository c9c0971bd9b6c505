using ActorSweep.Core.Methods.Snip;
using ActorSweep.Training.Pruning.AtInit;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Snip;

/// <summary>SNIP: the trial's θ0, masked by connection sensitivity on a class-balanced batch, trained once.</summary>
public sealed class SnipTrainer : MethodTrainer<SnipOptions>
{
    /// <summary>The trainer.</summary>
    public SnipTrainer() : base(new SnipMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, SnipOptions options)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var mask = PruneAtInit.Snip(model, context.Data, options.SamplesPerClass, options.Sparsity, context.Random.AtInitSampling);
        return TrainedTask.Of(model, mask, context.StartAndRetrain(model, mask));
    }
}
