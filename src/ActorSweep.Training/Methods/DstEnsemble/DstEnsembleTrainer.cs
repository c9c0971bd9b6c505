using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.DstEnsemble;
using ActorSweep.Training.Ensembles;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Randomness;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Methods.DstEnsemble;

/// <summary>
/// FreeTickets' DST ensemble: member i is a dynamic-sparse run (RigL's gradient or SET's random growth) with its own
/// streams (<see cref="DstEnsembleStreams.Member"/>): θ0, initial mask, data order and mask updates, keeping its
/// best-validation checkpoint (<see cref="MemberCheckpoint"/>); the ensemble task averages the members' softmax outputs
/// (<see cref="EnsembleTask"/>).
/// </summary>
public sealed class DstEnsembleTrainer : MethodTrainer<DstEnsembleOptions>
{
    /// <summary>The trainer.</summary>
    public DstEnsembleTrainer() : base(new DstEnsembleMethod()) { }

    /// <inheritdoc />
    public override IReadOnlyList<StreamPurpose> Streams { get; } = new[] { DstEnsembleStreams.Members };

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, DstEnsembleOptions options) => context.Task.Branch switch
    {
        EnsembleBranches.Member => Member(context, options),
        EnsembleBranches.Ensemble => EnsembleTask.Evaluate(context, context.Task.ParentTaskIds.Select(p => (p, MemberCheckpoint(context.Task.DefaultsVersion))).ToList(),
            context.Artifacts.LoadMask(context.Parent(0), context.ModelLayers)),
        _ => throw UnknownBranch(context),
    };

    /// <summary>
    /// The member weights the ensemble averages: from <see cref="Core.Study.DefaultsVersion.Release4"/> on each member's
    /// best-validation checkpoint, as FreeTickets' <c>main_DST.py</c> saves <c>model.pth</c> whenever validation accuracy
    /// improves; earlier studies ensembled the final weights.
    /// </summary>
    public static string MemberCheckpoint(int defaultsVersion) =>
        defaultsVersion >= Core.Study.DefaultsVersion.Release4 ? ArtifactNames.BestValidation : ArtifactNames.Final;

    private static TrainedTask Member(TaskContext context, DstEnsembleOptions options)
    {
        var streams = context.Random.Member(context.Task.Round);
        var start = DynamicSparseTraining.Start(context, options.Sparsity, options.Distribution, options.PruneFirstLayer, streams);
        var checkpoint = MemberCheckpoint(context.Task.DefaultsVersion);
        var best = 0.0;   // the reference's best_acc = 0.0; a checkpoint is saved when val_acc > best_acc
        var hooks = new TrainingHooks
        {
            MaskUpdater = new DynamicSparsity(options.Growth, context.Training.Iterations, options.Updates, streams.MaskUpdates, start.DenseLayers),
            AfterEvaluation = checkpoint == ArtifactNames.Final ? null : (point, model) =>
            {
                if (point.Iteration == 0 || !(point.ValAccuracy > best)) return;   // the reference evaluates after training, never at θ0
                best = point.ValAccuracy;
                context.Artifacts.SaveWeights(context.Task.TaskId, checkpoint, model);
            },
        };
        context.Start(start.Model, start.Mask);
        var trained = TrainedTask.Of(start.Model, start.Mask, context.Train(start.Model, start.Mask, 0, hooks, dataOrder: streams.DataOrder));
        // Without a validation split nothing was ever better: the ensemble takes the final weights.
        if (!context.Artifacts.Exists(context.Task.TaskId, checkpoint)) context.Artifacts.SaveWeights(context.Task.TaskId, checkpoint, trained.Model);
        return trained;
    }
}
