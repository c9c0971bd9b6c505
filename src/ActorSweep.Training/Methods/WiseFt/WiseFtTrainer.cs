using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.WiseFt;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Randomness;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Methods.WiseFt;

/// <summary>
/// WiSE-FT (mlfoundations/wise-ft, <c>wise_ft.py</c>'s <c>_merge</c>, here <see cref="Interpolation.Mix"/>): the fine-tuned branch loads the source network's
/// trained weights and mask and trains on with the trial's options and its own data order; an α branch loads both
/// networks, sets every floating-point parameter and buffer to (1 − α)·θ_source + α·θ_fine-tuned (integer buffers from the
/// nearer end), and evaluates it without training — the loop's evaluation, so its row, curve point and robustness rows
/// are those of the interpolated network.
/// </summary>
public sealed class WiseFtTrainer : MethodTrainer<WiseFtOptions>
{
    /// <summary>The trainer.</summary>
    public WiseFtTrainer() : base(new WiseFtMethod()) { }

    /// <inheritdoc />
    public override IReadOnlyList<StreamPurpose> Streams { get; } = new[] { WiseFtStreams.FineTuningDataOrder };

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, WiseFtOptions options) => context.Task.Branch switch
    {
        WiseFtBranches.FineTuned => FineTune(context),
        var branch when WiseFtBranches.AlphaOf(branch) is { } alpha => Interpolate(context, alpha),
        _ => throw UnknownBranch(context),
    };

    private static TrainedTask FineTune(TaskContext context)
    {
        var model = context.NewModel();
        context.Artifacts.LoadWeights(context.Parent(), ArtifactNames.Final, model);
        var mask = context.Artifacts.LoadMask(context.Parent(), model.PrunableLayers);
        context.Start(model, mask);
        return TrainedTask.Of(model, mask, context.Train(model, mask, 0, dataOrder: context.Random.WiseFtDataOrder()));
    }

    private static TrainedTask Interpolate(TaskContext context, double alpha)
    {
        using var source = context.NewModel();
        using var fineTuned = context.NewModel();
        context.Artifacts.LoadWeights(context.Parent(0), ArtifactNames.Final, source);
        context.Artifacts.LoadWeights(context.Parent(1), ArtifactNames.Final, fineTuned);
        var mask = context.Artifacts.LoadMask(context.Parent(1), source.PrunableLayers);
        var model = context.NewModel();
        Interpolation.Mix(source, fineTuned, model, alpha);
        context.Start(model, mask);
        return TrainedTask.Of(model, mask, context.Train(model, mask, context.Training.Iterations));   // evaluation only
    }
}
