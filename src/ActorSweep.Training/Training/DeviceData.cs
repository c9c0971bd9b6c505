using System.Collections.Concurrent;
using ActorSweep.Training.Data;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// A dataset's splits as tensors on one device, created once per process and device and shared
/// read-only by every slot (MNIST's training split is 170 MB as float32).
/// </summary>
public sealed class DeviceData
{
    private static readonly ConcurrentDictionary<(DataSplits, string), Lazy<DeviceData>> Cache = new();

    private DeviceData(DataSplits splits, Device device)
    {
        Splits = splits;
        TrainX = ToX(splits.Train, device); TrainY = ToY(splits.Train, device);
        ValX = ToX(splits.Validation, device); ValY = ToY(splits.Validation, device);
        TestX = ToX(splits.Test, device); TestY = ToY(splits.Test, device);
    }

    public DataSplits Splits { get; }
    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor ValX { get; }
    public Tensor ValY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }

    /// <summary>The splits on <paramref name="device"/> (cached).</summary>
    public static DeviceData For(DataSplits splits, Device device) =>
        Cache.GetOrAdd((splits, device.ToString()), _ => new Lazy<DeviceData>(() => new DeviceData(splits, device))).Value;

    private static Tensor ToX(ImageDataset d, Device device)
    {
        var t = tensor(d.Pixels, new long[] { d.Count, d.Channels, d.Height, d.Width }).to(device);
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
