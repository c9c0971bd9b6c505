using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Devices;

/// <summary>
/// Checks, when a node starts, that it can use a device: CUDA present, the device index exists, and a small
/// tensor makes the round trip to the device and back with the right values. A node refuses a device that
/// fails here instead of failing every task it is given.
/// </summary>
public static class DeviceProbe
{
    /// <summary>Why <paramref name="device"/> cannot be used here, or null when it can.</summary>
    public static string? Check(string device)
    {
        try
        {
            if (device.StartsWith("cuda", StringComparison.Ordinal))
            {
                if (!cuda.is_available())
                    return "CUDA is not available on this machine (no GPU driver, or this build's libtorch is the CPU one; GPU hosts need TorchSharp-cuda-linux)";
                var index = device == "cuda" ? 0 : int.Parse(device[5..], System.Globalization.CultureInfo.InvariantCulture);
                var count = cuda.device_count();
                if (index >= count) return $"this machine has {count} CUDA device(s) (cuda:0{(count > 1 ? $"–cuda:{count - 1}" : "")}); {device} does not exist";
            }
            else if (device != "cpu") return "expected cpu or cuda:N";
            using var scope = NewDisposeScope();
            var there = HeldScalars.With(0, start => HeldScalars.With(8, stop => HeldScalars.With(1, step => arange(start, stop, step, dtype: ScalarType.Float32)))).to(new Device(device));
            there = HeldScalars.With(2, two => there.mul(two));
            var back = there.cpu().data<float>().ToArray();
            return back.Select((v, i) => v == 2 * i).All(ok => ok) ? null : $"a tensor sent to {device} came back with wrong values";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
        }
    }
}
