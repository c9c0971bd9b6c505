using ActorSweep.Cluster.Hosting;

namespace ActorSweep.Bench;

/// <summary>
/// Benchmark nodes log nothing from Akka to the console: when a benchmark stops its nodes (or SIGKILLs one on
/// purpose) the others log "Disassociated" errors with stack traces that are expected and would bury the figures.
/// A benchmark's outcome is its printed figures and counts, not Akka's log.
/// </summary>
internal static class QuietNodes
{
    private const string Silent = "akka.loglevel = OFF\nakka.stdout-loglevel = OFF";

    /// <summary><paramref name="options"/> with Akka's logging off (after any extra configuration of the caller's).</summary>
    public static NodeOptions Quiet(this NodeOptions options) =>
        options with { ExtraConfig = options.ExtraConfig is null ? Silent : options.ExtraConfig + "\n" + Silent };
}
