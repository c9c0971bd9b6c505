using System.CommandLine;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Dashboard;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep dashboard &lt;out&gt;/&lt;study&gt;… [--host 127.0.0.1] [--port 8050] [--config FILE]</c>: serves the
/// read-only web dashboard of one or more study folders until Ctrl-C — live from a study's coordinator while
/// one runs it, otherwise from its journal and Parquet rows (a finished or crashed study).
/// </summary>
public static class DashboardCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors, ProcessSignals signals)
    {
        var folders = new Argument<string[]>("folders") { Description = "study folders, e.g. out/quick", Arity = ArgumentArity.OneOrMore };
        var host = new Option<string>("--host") { Description = "address to serve on (127.0.0.1 unless other hosts must reach it)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = CommonOptions.WholeNumber("--port", "port to serve on (0: any free port)", DashboardEndpoint.DefaultPort, 0, 65535);
        var config = CommonOptions.Config();
        var command = new Command("dashboard", "serve a live web dashboard of running and finished studies (read-only)") { folders, host, port, config };
        command.SetAction((p, _) => RunAsync(p.GetValue(folders)!, p.GetValue(host)!, p.GetValue(port), p.GetValue(config), signals, output, errors));
        return command;
    }

    /// <summary>Serves until a signal; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> folders, string host, int port, string? configFile, ProcessSignals signals, TextWriter output, TextWriter errors)
    {
        if (!DashboardEndpoint.TryParseHost(host, out var address, out var hostError))
        {
            errors.WriteLine($"--host: {hostError}");
            return ExitCodes.BadInput;
        }
        var feeds = new List<StudyFeed>();
        try
        {
            foreach (var folder in folders)
            {
                var layout = new StudyLayout(folder);
                if (!File.Exists(layout.StudyFile))
                {
                    errors.WriteLine($"{layout.Root}: not a study folder (no study.hocon); expected a folder 'actorsweep run' created, e.g. out/<study>");
                    return ExitCodes.BadInput;
                }
                if (!StudyFolder.TryLoad(layout, errors, out var spec)) return ExitCodes.BadInput;
                if (feeds.FirstOrDefault(f => f.Name == spec.Name) is { } twice)
                {
                    errors.WriteLine($"{layout.Root}: study '{spec.Name}' is already served from {twice.Layout.Root}; give each study once");
                    return ExitCodes.BadInput;
                }
                var journal = JournalSettings.Resolve(SweepConfig.Load(configFile), layout, configFile ?? "hocon/actorsweep.conf");
                var graph = TaskGraph.Build(spec);
                feeds.Add(new StudyFeed(layout, graph, new FolderStatusSource(layout, graph, journal, configFile, TimeProvider.System), TimeProvider.System));
            }
            var (ok, server) = await BindAsync(new DashboardEndpoint(address!, port), feeds, "--port", errors).ConfigureAwait(false);
            if (!ok) return ExitCodes.BadInput;
            feeds.Clear();   // the server owns them now
            await using (server)
            {
                output.WriteLine($"dashboard of {string.Join(", ", folders)} at {server!.Address} (read-only; Ctrl-C stops it)");
                try { await Task.Delay(Timeout.Infinite, signals.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
                return signals.ExitCode;
            }
        }
        finally
        {
            foreach (var feed in feeds) await feed.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The dashboard of <c>run</c>, <c>resume</c> and <c>coordinator</c>: none without <c>--dashboard</c>, else bound now, before
    /// the study folder is written (its study is added once the node runs); a bind failure is one line and false.
    /// </summary>
    public static Task<(bool Ok, DashboardServer? Server)> BindForStudyAsync(DashboardEndpoint? endpoint, TextWriter errors) =>
        endpoint is null ? Task.FromResult<(bool, DashboardServer?)>((true, null)) : BindAsync(endpoint, Array.Empty<StudyFeed>(), "--dashboard", errors);

    /// <summary>Starts the server; a bind failure is one line naming <paramref name="option"/>, and false.</summary>
    public static async Task<(bool Ok, DashboardServer? Server)> BindAsync(DashboardEndpoint endpoint, IEnumerable<StudyFeed> feeds, string option, TextWriter errors)
    {
        try { return (true, await DashboardServer.StartAsync(endpoint, feeds).ConfigureAwait(false)); }
        catch (DashboardBindException e)
        {
            errors.WriteLine($"{option}: {e.Message}");
            return (false, null);
        }
    }
}
