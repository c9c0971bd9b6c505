using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.DstEnsemble;
using ActorSweep.Training.Ensembles;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Methods.DstEnsemble;

/// <summary>
/// FreeTickets' DST ensemble: member i is a dynamic-sparse run (RigL's gradient or SET's random growth) with its own
/// streams (<see cref="Randomness.RandomStreams.Member"/>): θ0, initial mask, data order and mask updates; the ensemble
/// task averages the members' softmax outputs (<see cref="EnsembleTask"/>).
/// </summary>
public sealed class DstEnsembleTrainer : MethodTrainer<DstEnsembleOptions>
{
    /// <summary>The trainer.</summary>
    public DstEnsembleTrainer() : base(new DstEnsembleMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, DstEnsembleOptions options) => context.Task.Branch switch
    {
        EnsembleBranches.Member => Member(context, options),
        EnsembleBranches.Ensemble => EnsembleTask.Evaluate(context, context.Task.ParentTaskIds.Select(p => (p, ArtifactNames.Final)).ToList(),
            context.Artifacts.LoadMask(context.Parent(0), context.ModelLayers)),
        _ => throw UnknownBranch(context),
    };

    /// <summary>The growth criterion a FreeTickets <c>method.growth</c> names.</summary>
    public static GrowthCriterion GrowthOf(string growth) => growth switch
    {
        FreeTicketsOptions.GradientGrowth => GrowthCriterion.Gradient,
        FreeTicketsOptions.RandomGrowth => GrowthCriterion.Random,
        _ => throw new NotSupportedException($"method.growth '{growth}' is not implemented; known: {FreeTicketsOptions.GradientGrowth}, {FreeTicketsOptions.RandomGrowth}"),
    };

    private static TrainedTask Member(TaskContext context, DstEnsembleOptions options)
    {
        var streams = context.Random.Member(context.Task.Round);
        var start = DynamicSparseTraining.Start(context, options.Sparsity, options.Distribution, options.PruneFirstLayer, streams);
        var hooks = new TrainingHooks { MaskUpdater = new DynamicSparsity(GrowthOf(options.Growth), context.Training.Iterations, options.Updates, streams.MaskUpdates, start.DenseLayers) };
        context.Start(start.Model, start.Mask);
        return TrainedTask.Of(start.Model, start.Mask, context.Train(start.Model, start.Mask, 0, hooks, dataOrder: streams.DataOrder));
    }
}
