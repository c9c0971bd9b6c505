using System.CommandLine;
using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Dashboard;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep run &lt;study&gt; [--out DIR] [--slots N] [--devices …] [--threads N] [--config FILE] [--plain] [--defaults-version N] [--dashboard [HOST:]PORT]
/// [--store DIR|off] [--no-reuse]</c>:
/// validates the study and the devices, fetches its datasets, then runs it on an embedded single-node cluster
/// (coordinator and trainer slots in this process) and writes Parquet under <c>&lt;out&gt;/&lt;study&gt;/</c>.
/// Nothing is written when any of that fails.
/// </summary>
public static class RunCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors, ProcessSignals signals)
    {
        var study = CommonOptions.Path("study", "the study file (HOCON)");
        var outDir = new Option<string>("--out") { Description = "folder the study folder is created in", DefaultValueFactory = _ => "out" };
        var slots = CommonOptions.Slots();
        var devices = CommonOptions.Devices();
        var threads = CommonOptions.Threads();
        var config = CommonOptions.Config();
        var plain = CommonOptions.Plain();
        var defaults = CommonOptions.WholeNumber("--defaults-version", $"defaults generation to run under: {DefaultsVersion.Current} (current) or {DefaultsVersion.Release1} (release 1's, to reproduce its results)",
            DefaultsVersion.Current, DefaultsVersion.Release1, DefaultsVersion.Current);
        var dashboard = CommonOptions.Dashboard();
        var store = CommonOptions.Store();
        var noReuse = CommonOptions.NoReuse();
        var command = new Command("run", "run a study on an embedded single-node cluster") { study, outDir, slots, devices, threads, config, plain, defaults, dashboard, store, noReuse };
        command.SetAction((p, _) => StoreChoice.TryResolve(p.GetValue(store), p.GetValue(noReuse), errors, out var choice)
            ? RunAsync(p.GetValue(study)!, p.GetValue(outDir)!, p.GetValue(slots), p.GetValue(devices)!, p.GetValue(threads),
                p.GetValue(config), p.GetValue(plain), p.GetValue(defaults), signals, output, errors, p.GetValue(dashboard), choice)
            : Task.FromResult(ExitCodes.BadInput));
        return command;
    }

    /// <summary>Runs the study; returns the exit code.</summary>
    public static async Task<int> RunAsync(string path, string outDir, int slots, string devicesText, int threads, string? configFile, bool plain, int defaultsVersion,
        ProcessSignals signals, TextWriter output, TextWriter errors, DashboardEndpoint? dashboardAt = null, StoreChoice? store = null)
    {
        var devices = Devices.Parse(devicesText, slots);
        if (!ValidateCommand.TryLoad(path, errors, out var spec, defaultsVersion)) return ExitCodes.BadInput;
        DeviceChecks.Require(devices);
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
        var (bound, dashboard) = await DashboardCommand.BindForStudyAsync(dashboardAt, errors).ConfigureAwait(false);
        if (!bound) return ExitCodes.BadInput;
        await using (dashboard)
        {
            Directory.CreateDirectory(layout.Root);
            AtomicFile.Copy(path, layout.StudyFile);
            DefaultsRecord.Write(layout, defaultsVersion);
            return await StudyExecution.RunAsync(graph, layout, devices, threads, configFile, plain, signals, output, errors, dashboard, store).ConfigureAwait(false);
        }
    }
}
