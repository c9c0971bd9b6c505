using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep run &lt;study&gt; [--out DIR] [--slots N] [--devices …] [--threads N] [--config FILE] [--plain]</c>:
/// validates the study, then runs it on an embedded single-node cluster (coordinator and trainer slots
/// in this process) and writes Parquet under <c>&lt;out&gt;/&lt;study&gt;/</c>.
/// </summary>
public static class RunCommand
{
    private static readonly string[] Valued = { "out", "slots", "devices", "threads", "config" };
    private static readonly string[] Flags = { "plain" };

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var a = CommandArgs.Parse(args, Valued, Flags);
        var path = a.Single("study file");
        var outDir = a.Get("out", "out")!;
        var threads = a.GetInt("threads", 1, 1, 256);
        var devices = Devices.Parse(a.Get("devices", "cpu")!, a.GetInt("slots", Environment.ProcessorCount, 1, 1024));
        var configFile = a.Get("config");
        if (configFile is not null && !File.Exists(configFile)) throw new UsageException($"--config: file '{configFile}' not found");
        if (!ValidateCommand.TryLoad(path, errors, out var spec)) return ExitCodes.BadInput;

        var graph = TaskGraph.Build(spec);
        foreach (var dataset in graph.Tasks.Select(t => t.Dataset).Distinct(StringComparer.Ordinal))
        {
            // Fetch and verify before any slot starts, so a missing tool or bad checksum is one clear error.
            try { DatasetRegistry.Prefetch(dataset); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.WriteLine($"dataset '{dataset}': {e.Message}");
                return ExitCodes.BadInput;
            }
        }
        var layout = StudyLayout.For(outDir, spec.Name);
        if (File.Exists(layout.JournalFile) || File.Exists(layout.InstanceIdFile) || (Directory.Exists(layout.TrialsDir) && Directory.EnumerateFiles(layout.TrialsDir, "*.parquet").Any()))
        {
            errors.WriteLine($"{layout.Root}: results of study '{spec.Name}' already exist; nothing was changed. " +
                             $"Continue it with 'actorsweep resume {layout.Root}', choose another --out, or move the folder away to start over.");
            return ExitCodes.BadInput;
        }
        Directory.CreateDirectory(layout.Root);
        AtomicFile.Copy(path, layout.StudyFile);

        return await StudyExecution.RunAsync(graph, layout, devices, threads, configFile, a.Has("plain"), output, errors).ConfigureAwait(false);
    }
}
