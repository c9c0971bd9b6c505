using System.CommandLine;
using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Dashboard;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep coordinator &lt;study.hocon | out/study&gt; [--out DIR] [--host H] [--port P] [--plain]</c>:
/// a coordinator-only node (no trainer slots) that workers join with <c>--seed H:P</c>. Given a study
/// folder instead of a study file, it resumes that study from its journal.
/// </summary>
public static class CoordinatorCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors, ProcessSignals signals)
    {
        var target = CommonOptions.Path("study", "a study file (starts it) or a study folder (resumes it)");
        var outDir = new Option<string>("--out") { Description = "folder a new study's folder is created in", DefaultValueFactory = _ => "out" };
        var host = CommonOptions.Host();
        var port = CommonOptions.WholeNumber("--port", "remoting port workers join (--seed HOST:PORT)", 4053, 0, 65535);
        var config = CommonOptions.Config();
        var plain = CommonOptions.Plain();
        var defaults = CommonOptions.WholeNumber("--defaults-version", "defaults generation of a new study (a resumed study keeps its own)", DefaultsVersion.Current, DefaultsVersion.Release1, DefaultsVersion.Current);
        var dashboard = CommonOptions.Dashboard();
        var store = CommonOptions.Store();
        var noReuse = CommonOptions.NoReuse();
        var command = new Command("coordinator", "a coordinator node for multi-process / multi-host runs") { target, outDir, host, port, config, plain, defaults, dashboard, store, noReuse };
        command.SetAction((p, _) => StoreChoice.TryResolve(p.GetValue(store), p.GetValue(noReuse), errors, out var choice)
            ? RunAsync(p.GetValue(target)!, p.GetValue(outDir)!, p.GetValue(host)!, p.GetValue(port), p.GetValue(config), p.GetValue(plain),
                p.GetValue(defaults), signals, output, errors, p.GetValue(dashboard), choice)
            : Task.FromResult(ExitCodes.BadInput));
        return command;
    }

    /// <summary>Runs the node; returns the exit code.</summary>
    public static async Task<int> RunAsync(string target, string outDir, string host, int port, string? configFile, bool plain, int defaultsVersion,
        ProcessSignals signals, TextWriter output, TextWriter errors, DashboardEndpoint? dashboardAt = null, StoreChoice? store = null)
    {
        StudyLayout layout;
        StudySpec spec;
        string studyFile;
        if (Directory.Exists(target))
        {
            layout = new StudyLayout(target);
            studyFile = layout.StudyFile;
            if (!File.Exists(studyFile)) { errors.WriteLine($"{target}: not a study folder (no study.hocon)"); return ExitCodes.BadInput; }
            if (!StudyFolder.TryLoad(layout, errors, out spec)) return ExitCodes.BadInput;
        }
        else
        {
            studyFile = target;
            if (!ValidateCommand.TryLoad(studyFile, errors, out spec, defaultsVersion)) return ExitCodes.BadInput;
            layout = StudyLayout.For(outDir, spec.Name);
            if (File.Exists(layout.JournalFile) || File.Exists(layout.InstanceIdFile))
            {
                errors.WriteLine($"{layout.Root}: study '{spec.Name}' was already started here; resume it with 'actorsweep coordinator {layout.Root}'");
                return ExitCodes.BadInput;
            }
        }
        if (StudyLock.LiveOwner(layout) is { } owner)
        {
            errors.WriteLine($"{layout.Root}: the study is running under another coordinator ({owner}); watch it with 'actorsweep status {layout.Root}', or stop that process first");
            return ExitCodes.BadInput;
        }
        var graph = TaskGraph.Build(spec);
        foreach (var dataset in graph.Tasks.Select(t => t.Dataset).Distinct()) DatasetRegistry.Prefetch(dataset);
        var (bound, dashboard) = await DashboardCommand.BindForStudyAsync(dashboardAt, errors).ConfigureAwait(false);
        if (!bound) return ExitCodes.BadInput;
        await using (dashboard)
            return await RunBoundAsync(graph, layout, spec, studyFile, host, port, configFile, plain, defaultsVersion, signals, output, errors, dashboard, store).ConfigureAwait(false);
    }

    private static async Task<int> RunBoundAsync(TaskGraph graph, StudyLayout layout, StudySpec spec, string studyFile, string host, int port, string? configFile, bool plain,
        int defaultsVersion, ProcessSignals signals, TextWriter output, TextWriter errors, DashboardServer? dashboard, StoreChoice? store)
    {
        Directory.CreateDirectory(layout.Root);
        if (studyFile != layout.StudyFile)
        {
            AtomicFile.Copy(studyFile, layout.StudyFile);
            DefaultsRecord.Write(layout, defaultsVersion);
        }
        var options = new NodeOptions(host, port, Array.Empty<string>(), configFile);
        var banner = $"coordinator of '{spec.Name}' ({graph.Tasks.Count} tasks) at {RemotingTls.SeedAddress(SweepConfig.Load(configFile), $"{host}:{port}")}; " +
                     $"start workers with: actorsweep worker --seed {host}:{port}{(configFile is null ? "" : $" --config {configFile}")}";
        return await StudyExecution.RunNodeAsync(graph, layout, options, worker: null, plain, signals, output, errors, dashboard, banner, store).ConfigureAwait(false);
    }
}
