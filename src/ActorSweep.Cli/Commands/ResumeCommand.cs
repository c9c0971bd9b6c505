using System.CommandLine;
using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Dashboard;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep resume &lt;out&gt;/&lt;study&gt; [--slots N] …</c>: continues a study after a crash or a signal from the
/// folder's own copy of the study file, its recorded defaults version and the coordinator's journal. Tasks whose
/// rows are durable do not run again; interrupted ones do; every task ends with exactly one row. A study another
/// coordinator is running is refused.
/// </summary>
public static class ResumeCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors, ProcessSignals signals)
    {
        var folder = CommonOptions.Path("folder", "the study folder, e.g. out/quick");
        var slots = CommonOptions.Slots();
        var devices = CommonOptions.Devices();
        var threads = CommonOptions.Threads();
        var config = CommonOptions.Config();
        var plain = CommonOptions.Plain();
        var dashboard = CommonOptions.Dashboard();
        var store = CommonOptions.Store();
        var noReuse = CommonOptions.NoReuse();
        var command = new Command("resume", "continue a crashed or interrupted study") { folder, slots, devices, threads, config, plain, dashboard, store, noReuse };
        command.SetAction((p, _) => StoreChoice.TryResolve(p.GetValue(store), p.GetValue(noReuse), errors, out var choice)
            ? RunAsync(p.GetValue(folder)!, p.GetValue(slots), p.GetValue(devices)!, p.GetValue(threads), p.GetValue(config), p.GetValue(plain), signals, output, errors,
                p.GetValue(dashboard), choice)
            : Task.FromResult(ExitCodes.BadInput));
        return command;
    }

    /// <summary>Resumes the study; returns the exit code.</summary>
    public static async Task<int> RunAsync(string folder, int slots, string devicesText, int threads, string? configFile, bool plain, ProcessSignals signals, TextWriter output, TextWriter errors,
        DashboardEndpoint? dashboardAt = null, StoreChoice? store = null)
    {
        var layout = new StudyLayout(folder);
        if (!File.Exists(layout.StudyFile))
        {
            errors.WriteLine($"{layout.Root}: not a study folder (no study.hocon); expected the folder 'actorsweep run' created, e.g. out/<study>");
            return ExitCodes.BadInput;
        }
        var devices = Devices.Parse(devicesText, slots);
        if (!StudyFolder.TryLoad(layout, errors, out var spec)) return ExitCodes.BadInput;
        DeviceChecks.Require(devices);
        var (bound, dashboard) = await DashboardCommand.BindForStudyAsync(dashboardAt, errors).ConfigureAwait(false);
        if (!bound) return ExitCodes.BadInput;
        await using (dashboard)
            return await StudyExecution.RunAsync(TaskGraph.Build(spec), layout, devices, threads, configFile, plain, signals, output, errors, dashboard, store).ConfigureAwait(false);
    }
}
