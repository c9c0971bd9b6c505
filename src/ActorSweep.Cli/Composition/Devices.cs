using ActorSweep.Cli.Console;

namespace ActorSweep.Cli.Composition;

/// <summary>
/// Turns <c>--devices</c> and <c>--slots</c> into one device per trainer slot: <c>cpu</c> gives
/// <c>slots</c> CPU slots; <c>cuda:0,cuda:1</c> gives one slot per GPU.
/// </summary>
public static class Devices
{
    /// <summary>One device string per slot.</summary>
    public static IReadOnlyList<string> Parse(string devices, int slots)
    {
        var parts = devices.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new UsageException("--devices: expected cpu, or a list like cuda:0,cuda:1");
        foreach (var p in parts)
            if (p != "cpu" && !(p.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(p[5..], out var n) && n >= 0))
                throw new UsageException($"--devices: '{p}' is not a device; expected cpu or cuda:N");
        if (parts is ["cpu"]) return Enumerable.Repeat("cpu", slots).ToArray();
        return parts;
    }
}
