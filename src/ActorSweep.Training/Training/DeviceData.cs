using System.Collections.Concurrent;
using ActorSweep.Training.Data;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// A dataset's splits as tensors on one device, created once per process and device and shared
/// read-only by every slot (MNIST's training split is 170 MB as float32).
/// </summary>
public sealed class DeviceData : IDisposable
{
    private static readonly ConcurrentDictionary<(DataSplits, string, bool), Lazy<DeviceData>> Cache = new();

    private DeviceData(DataSplits splits, Device device, bool normalize)
    {
        Splits = splits;
        var n = normalize && !splits.Normalization.IsIdentity ? splits.Normalization : null;
        TrainX = ToX(splits.Train, device, n); TrainY = ToY(splits.Train, device);
        ValX = ToX(splits.Validation, device, n); ValY = ToY(splits.Validation, device);
        TestX = ToX(splits.Test, device, n); TestY = ToY(splits.Test, device);
        PadFill = n?.Zero;
        InputNormalization = n;
    }

    private readonly Tensor? _ownedLabels;

    private DeviceData(DeviceData shared, Tensor trainLabels)
    {
        Splits = shared.Splits;
        PadFill = shared.PadFill;
        InputNormalization = shared.InputNormalization;
        TrainX = shared.TrainX; TrainY = trainLabels;
        ValX = shared.ValX; ValY = shared.ValY;
        TestX = shared.TestX; TestY = shared.TestY;
        _ownedLabels = trainLabels;
    }

    /// <summary>
    /// The same tensors with other training labels (a trial's label noise); only those labels belong to the copy, and
    /// <see cref="Dispose"/> frees only them.
    /// </summary>
    public DeviceData WithTrainLabels(IReadOnlyList<byte> labels)
    {
        if (labels.Count != TrainY.shape[0]) throw new ArgumentException($"{labels.Count} labels for {TrainY.shape[0]} training examples", nameof(labels));
        var t = tensor(labels.Select(b => (long)b).ToArray(), new long[] { labels.Count }).to(TrainY.device);
        t.DetachFromDisposeScope();
        return new DeviceData(this, t);
    }

    /// <summary>Frees the labels a <see cref="WithTrainLabels"/> copy owns; the shared (cached) tensors stay.</summary>
    public void Dispose() => _ownedLabels?.Dispose();

    public DataSplits Splits { get; }

    /// <summary>The value of a raw 0 pixel per channel after normalisation (what augmentation pads with); null when not normalised.</summary>
    public float[]? PadFill { get; }

    /// <summary>The normalisation the tensors carry (null: raw pixels in [0, 1]); attacks and corrupted sets measure in pixel space through it.</summary>
    public Normalization? InputNormalization { get; }
    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor ValX { get; }
    public Tensor ValY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }

    /// <summary>The splits on <paramref name="device"/>, normalised per channel when <paramref name="normalize"/> (cached).</summary>
    public static DeviceData For(DataSplits splits, Device device, bool normalize = false) =>
        Cache.GetOrAdd((splits, device.ToString(), normalize), _ => new Lazy<DeviceData>(() => new DeviceData(splits, device, normalize))).Value;

    private static Tensor ToX(ImageDataset d, Device device, Normalization? normalization)
    {
        var t = tensor(d.Pixels, new long[] { d.Count, d.Channels, d.Height, d.Width }).to(device);
        if (normalization is not null)
        {
            using var mean = tensor(normalization.Mean, new long[] { 1, d.Channels, 1, 1 }).to(device);
            using var std = tensor(normalization.Std, new long[] { 1, d.Channels, 1, 1 }).to(device);
            using var raw = t;
            t = raw.sub(mean).div_(std);
        }
        t.DetachFromDisposeScope();
        return t;
    }

    private static Tensor ToY(ImageDataset d, Device device)
    {
        var t = tensor(d.Labels.Select(b => (long)b).ToArray(), new long[] { d.Count }).to(device);
        t.DetachFromDisposeScope();
        return t;
    }
}
