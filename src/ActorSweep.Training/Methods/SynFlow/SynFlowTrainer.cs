using ActorSweep.Core.Methods.SynFlow;
using ActorSweep.Training.Pruning.AtInit;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.SynFlow;

/// <summary>SynFlow: the trial's θ0, masked by iterative data-free synaptic-flow scores, trained once.</summary>
public sealed class SynFlowTrainer : MethodTrainer<SynFlowOptions>
{
    /// <summary>The trainer.</summary>
    public SynFlowTrainer() : base(new SynFlowMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, SynFlowOptions options)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var train = context.TrainSplit;
        var mask = PruneAtInit.SynFlow(model, new long[] { train.Channels, train.Height, train.Width }, options.Sparsity, options.PruneIterations);
        return TrainedTask.Of(model, mask, context.StartAndRetrain(model, mask));
    }
}
