using ActorSweep.Core.Methods.Grasp;
using ActorSweep.Training.Pruning.AtInit;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Grasp;

/// <summary>GraSP: the trial's θ0, masked to preserve gradient flow on a class-balanced batch, trained once.</summary>
public sealed class GraspTrainer : MethodTrainer<GraspOptions>
{
    /// <summary>The trainer.</summary>
    public GraspTrainer() : base(new GraspMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, GraspOptions options)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var mask = PruneAtInit.Grasp(model, context.Data, options.SamplesPerClass, options.Temperature, options.Sparsity, context.Random.AtInitSampling);
        return TrainedTask.Of(model, mask, context.StartAndRetrain(model, mask));
    }
}
