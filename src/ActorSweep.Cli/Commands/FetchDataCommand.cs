using System.CommandLine;
using ActorSweep.Cli.Console;
using ActorSweep.Training.Data;

namespace ActorSweep.Cli.Commands;

/// <summary><c>actorsweep fetch-data [name…]</c>: downloads and verifies datasets into the cache ahead of a run.</summary>
public static class FetchDataCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var names = new Argument<string[]>("datasets") { Description = "datasets to fetch [default: mnist fashion-mnist]", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("fetch-data", "download and SHA-256-verify datasets into the cache") { names };
        command.SetAction(p => Run(p.GetValue(names) ?? Array.Empty<string>(), output));
        return command;
    }

    /// <summary>Fetches the datasets; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> names, TextWriter output)
    {
        foreach (var name in names.Count > 0 ? names : new[] { "mnist", "fashion-mnist" })
        {
            if (!DatasetRegistry.IsKnown(name)) throw new UsageException($"unknown dataset '{name}'; known datasets: {string.Join(", ", DatasetRegistry.Names)}");
            var started = System.Diagnostics.Stopwatch.StartNew();
            DatasetRegistry.Prefetch(name);
            output.WriteLine($"{name}: ready and verified ({started.Elapsed.TotalSeconds:0.0} s)");
        }
        return ExitCodes.Ok;
    }
}
