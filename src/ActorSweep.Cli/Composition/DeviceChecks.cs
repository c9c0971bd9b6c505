using ActorSweep.Cli.Console;
using ActorSweep.Training.Devices;

namespace ActorSweep.Cli.Composition;

/// <summary>A node checks every device it was given before it starts; a device it cannot use is bad input (exit 2), not a task failure.</summary>
public static class DeviceChecks
{
    /// <summary>Throws <see cref="UsageException"/> naming the first device this machine cannot use and why.</summary>
    public static void Require(IReadOnlyList<string> devices)
    {
        foreach (var device in devices.Distinct(StringComparer.Ordinal))
            if (DeviceProbe.Check(device) is { } problem)
                throw new UsageException($"--devices: {device}: {problem}");
    }
}
