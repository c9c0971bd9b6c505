using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Lmc;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Lineage;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Randomness;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Methods.Lmc;

/// <summary>
/// Linear mode connectivity (Frankle et al. 2020): the dense run (saving θ_k), then the pair — θ_k (θ0 when
/// k = 0) trained to the end twice with different data orders, and the error along the line between them.
/// </summary>
public sealed class LmcTrainer : MethodTrainer<LmcOptions>
{
    /// <summary>The trainer.</summary>
    public LmcTrainer() : base(new LmcMethod()) { }

    /// <inheritdoc />
    public override IReadOnlyList<StreamPurpose> Streams { get; } = new[] { LmcStreams.CopyDataOrders };

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, LmcOptions options) => context.Task switch
    {
        { Branch: Branches.Main, Round: 0 } => DenseRound.Train(context, options.RewindIteration),
        { Branch: Branches.Lmc } => TrainPair(context, options),
        _ => throw UnknownBranch(context),
    };

    private static TrainedTask TrainPair(TaskContext context, LmcOptions options)
    {
        var a = context.NewModel();
        var start = Rewinding.ResetToRoot(context, a, options.RewindIteration);
        using var b = context.NewModel();
        Rewinding.ResetToRoot(context, b, options.RewindIteration);
        var ones = Mask.Ones(a.PrunableLayers);
        context.Artifacts.SaveWeights(context.Task.TaskId, ArtifactNames.Init, a);
        context.Artifacts.SaveMask(context.Task.TaskId, ones);
        var outcomeA = context.Train(a, ones, start, dataOrder: context.Random.CopyDataOrder(0));
        context.Train(b, ones, start, dataOrder: context.Random.CopyDataOrder(1));
        context.Artifacts.SaveWeights(context.Task.TaskId, ArtifactNames.FinalB, b);
        using var probe = context.NewModel();
        var line = Interpolation.Evaluate(a, b, probe, context.Data, options.InterpolationPoints);
        return new TrainedTask(a, ones, outcomeA) { Interpolation = line, Instability = Interpolation.Instability(line) };
    }
}
