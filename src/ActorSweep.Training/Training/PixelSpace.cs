using ActorSweep.Training.Data;
using ActorSweep.Training.Numerics;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// The map between the network's inputs (normalised per channel, or raw) and pixels in [0, 1], where perturbation radii are
/// measured and adversarial examples are clipped: an attack of ε = 0.3 means 0.3 of the pixel range whatever the normalisation.
/// </summary>
public sealed class PixelSpace : IDisposable
{
    private readonly Tensor? _mean;
    private readonly Tensor? _std;

    /// <summary>The space of <paramref name="normalization"/> (null: inputs are pixels) on <paramref name="device"/>.</summary>
    public PixelSpace(Normalization? normalization, int channels, Device device)
    {
        if (normalization is null) return;
        _mean = tensor(normalization.Mean, new long[] { 1, channels, 1, 1 }).to(device);
        _std = tensor(normalization.Std, new long[] { 1, channels, 1, 1 }).to(device);
        _mean.DetachFromDisposeScope();
        _std.DetachFromDisposeScope();
    }

    /// <summary>Network inputs → pixels.</summary>
    public Tensor ToPixels(Tensor input) => _mean is null ? input.alias() : input.mul(_std!).PlusInPlace(_mean);

    /// <summary>Pixels → network inputs.</summary>
    public Tensor FromPixels(Tensor pixels) => _mean is null ? pixels.alias() : pixels.sub(_mean).div_(_std!);

    /// <inheritdoc />
    public void Dispose()
    {
        _mean?.Dispose();
        _std?.Dispose();
    }
}
