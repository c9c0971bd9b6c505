using System.CommandLine;
using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Dashboard;
using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep coordinator &lt;study.hocon | out/study&gt; [--out DIR] [--host H] [--port P] [--plain]</c>:
/// a coordinator-only node (no trainer slots) that workers join with <c>--seed H:P</c>. Given a study
/// folder instead of a study file, it resumes that study from its journal. With <c>--standby</c> (a study folder on a file
/// system both machines see, and the PostgreSQL journal) it waits for the study's active coordinator to die — the moment
/// the server releases that coordinator's journal lock — and then takes the study over: it replays the journal, reconciles
/// with the rows and listens at <c>--host</c>:<c>--port</c>, where the workers (started with <c>--seed ACTIVE,STANDBY</c>) rejoin.
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
        var standby = new Option<bool>("--standby") { Description = "wait for the study's active coordinator to die, then take the study over (a study folder; PostgreSQL journal)" };
        var command = new Command("coordinator", "a coordinator node for multi-process / multi-host runs") { target, outDir, host, port, config, plain, defaults, dashboard, store, noReuse, standby };
        command.SetAction((p, _) => !StoreChoice.TryResolve(p.GetValue(store), p.GetValue(noReuse), errors, out var choice) ? Task.FromResult(ExitCodes.BadInput)
            : p.GetValue(standby) ? StandbyAsync(p.GetValue(target)!, p.GetValue(host)!, p.GetValue(port), p.GetValue(config), p.GetValue(plain), signals, output, errors, p.GetValue(dashboard), choice)
            : RunAsync(p.GetValue(target)!, p.GetValue(outDir)!, p.GetValue(host)!, p.GetValue(port), p.GetValue(config), p.GetValue(plain),
                p.GetValue(defaults), signals, output, errors, p.GetValue(dashboard), choice));
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

    /// <summary>Stands by for the study in <paramref name="folder"/> and takes it over when its coordinator dies; returns the exit code.</summary>
    public static async Task<int> StandbyAsync(string folder, string host, int port, string? configFile, bool plain, ProcessSignals signals, TextWriter output, TextWriter errors,
        DashboardEndpoint? dashboardAt = null, StoreChoice? store = null)
    {
        var layout = new StudyLayout(folder);
        if (!Directory.Exists(folder) || !File.Exists(layout.StudyFile))
        {
            errors.WriteLine($"{folder}: --standby expects the folder of a started study (with study.hocon), on a file system the active coordinator writes to");
            return ExitCodes.BadInput;
        }
        if (!StudyFolder.TryLoad(layout, errors, out var spec)) return ExitCodes.BadInput;
        JournalSettings journal;
        try { journal = JournalSettings.Resolve(SweepConfig.Load(configFile), layout, configFile ?? "hocon/actorsweep.conf"); }
        catch (JournalConfigurationException e) { errors.WriteLine(e.Message); return ExitCodes.BadInput; }
        if (journal is not JournalSettings.PostgreSql pg)
        {
            errors.WriteLine($"{configFile ?? "hocon/actorsweep.conf"}: actorsweep.journal.provider: --standby needs postgresql (the server's lock on the study's journal " +
                             "decides which coordinator runs it; see hocon/postgresql.conf), got sqlite");
            return ExitCodes.BadInput;
        }
        try { _ = pg.ToAkkaConfig(); }
        catch (JournalConfigurationException e) { errors.WriteLine(e.Message); return ExitCodes.BadInput; }
        output.WriteLine($"standing by for study '{spec.Name}' ({layout.Root}); active coordinator: {StudyLock.LiveOwner(layout)?.ToString() ?? "none running"}; " +
                         $"taking over at {host}:{port} when it is gone (the lock on its journal, {pg.Describe()})");
        IDisposable held;
        try { held = await pg.WaitForLockAsync(spec.Name, $"{Environment.MachineName} pid {Environment.ProcessId}", signals.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { output.WriteLine("standby stopping on a signal"); return signals.ExitCode; }
        catch (Npgsql.NpgsqlException e) when (signals.Signalled || e.InnerException is OperationCanceledException) { output.WriteLine("standby stopping on a signal"); return signals.ExitCode; }
        var previous = StudyLock.LastOwner(layout)?.ToString();
        output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] the study's journal lock is free{(previous is null ? "" : $" (last coordinator: {previous})")}; taking over");
        var graph = TaskGraph.Build(spec);
        var state = await JournalStatus.ReadAsync(graph, journal).ConfigureAwait(false);
        if (state.IsFinished && state.Tasks.Count > 0)
        {
            held.Dispose();
            output.WriteLine($"study '{spec.Name}' is finished; nothing to take over");
            return ExitCodes.Ok;
        }
        var requeued = state.Tasks.Values.Count(t => t.Phase == Core.Coordination.TaskPhase.Leased);
        foreach (var dataset in graph.Tasks.Select(t => t.Dataset).Distinct()) DatasetRegistry.Prefetch(dataset);
        var (bound, dashboard) = await DashboardCommand.BindForStudyAsync(dashboardAt, errors).ConfigureAwait(false);
        if (!bound) { held.Dispose(); return ExitCodes.BadInput; }
        await using (dashboard)
        {
            var options = new NodeOptions(host, port, Array.Empty<string>(), configFile);
            var banner = $"coordinator of '{spec.Name}' ({graph.Tasks.Count} tasks) at {RemotingTls.SeedAddress(SweepConfig.Load(configFile), $"{host}:{port}")}, taken over";
            return await StudyExecution.RunNodeAsync(graph, layout, options, worker: null, plain, signals, output, errors, dashboard, banner, store,
                new StudyExecution.Takeover(held, previous, requeued)).ConfigureAwait(false);
        }
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
