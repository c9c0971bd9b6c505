using ActorSweep.Cli.Console;
using ActorSweep.Training.Data;

namespace ActorSweep.Cli.Commands;

/// <summary><c>actorsweep fetch-data [name…]</c>: downloads and verifies datasets into the cache ahead of a run.</summary>
public static class FetchDataCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var a = CommandArgs.Parse(args, Array.Empty<string>(), Array.Empty<string>());
        var names = a.Positionals.Count > 0 ? a.Positionals : new[] { "mnist", "fashion-mnist" };
        foreach (var name in names)
        {
            if (!DatasetRegistry.IsKnown(name)) throw new UsageException($"unknown dataset '{name}'; known datasets: {string.Join(", ", DatasetRegistry.Names)}");
            var started = System.Diagnostics.Stopwatch.StartNew();
            DatasetRegistry.Prefetch(name);
            output.WriteLine($"{name}: ready and verified ({started.Elapsed.TotalSeconds:0.0} s)");
        }
        return ExitCodes.Ok;
    }
}
