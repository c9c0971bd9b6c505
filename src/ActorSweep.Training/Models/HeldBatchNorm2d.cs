using ActorSweep.Training.Numerics;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ActorSweep.Training.Models;

/// <summary>
/// TorchSharp's <c>BatchNorm2d</c> with its batch counter advanced through a held Scalar. In training mode TorchSharp
/// 0.107's <c>BatchNorm.forward</c> runs <c>num_batches_tracked.add_(1)</c>, which hands libtorch temporary Scalars that a
/// collection on another thread can free mid-call (see <see cref="HeldScalars"/>); everything else is TorchSharp's
/// forward as it is (same momentum rule, same <c>batch_norm</c> call), so the networks train bit for bit as before and
/// their state — counter included — is the same.
/// </summary>
public sealed class HeldBatchNorm2d : BatchNorm
{
    /// <summary>A batch norm over <paramref name="features"/> channels with TorchSharp's defaults (eps 1e-5, momentum 0.1).</summary>
    public HeldBatchNorm2d(long features) : base(features, 1e-05, 0.1, affine: true, track_running_stats: true, device: null, dtype: null, nameof(HeldBatchNorm2d))
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        var exponentialAverageFactor = momentum is null ? 0.0 : momentum.Value;
        if (training && track_running_stats && num_batches_tracked is { } counter)
        {
            HeldScalars.With(1, one => counter.add_(one, one));
            exponentialAverageFactor = momentum is null ? 1.0 / (double)counter : momentum.Value;
        }
        var batchStatistics = training || running_mean is null && running_var is null;
        var useRunning = !training || track_running_stats;
        return F.batch_norm(input, useRunning ? running_mean : null, useRunning ? running_var : null, weight, bias, batchStatistics, exponentialAverageFactor, eps);
    }

    /// <inheritdoc />
    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"expected 4D input, but got {input.ndim}D input.");
    }
}
