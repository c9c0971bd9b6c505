using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using Akka.Actor;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// Runs a study's task graph on an embedded single-node cluster with a journaled coordinator, showing
/// progress until every result is durable. Shared by <c>run</c> and <c>resume</c>.
/// </summary>
public static class StudyExecution
{
    /// <summary>Runs to the end (or Ctrl-C); returns the exit code.</summary>
    public static async Task<int> RunAsync(TaskGraph graph, StudyLayout layout, IReadOnlyList<string> devices, int threads, string? configFile,
        bool plain, TextWriter output, TextWriter errors)
    {
        output.WriteLine($"study '{graph.Study}': {graph.Trials.Count} trial(s), {graph.Tasks.Count} task(s) on {devices.Count} slot(s) " +
                         $"[{string.Join(", ", devices)}], {threads} thread(s) per slot → {layout.Root}");
        var worker = new WorkerRole(device => Runners.Create(layout, device, threads), devices);
        return await RunNodeAsync(graph, layout, new NodeOptions(ConfigFile: configFile), worker, plain, output, errors).ConfigureAwait(false);
    }

    /// <summary>Runs a coordinator node (with local slots when <paramref name="worker"/> is given) until the study is done.</summary>
    public static async Task<int> RunNodeAsync(TaskGraph graph, StudyLayout layout, NodeOptions options, WorkerRole? worker,
        bool plain, TextWriter output, TextWriter errors)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        System.Console.CancelKeyPress += onCancel;
        try
        {
            JournalSettings journal;
            try
            {
                journal = JournalSettings.Resolve(SweepConfig.Load(options.ConfigFile), layout, options.ConfigFile ?? "hocon/actorsweep.conf");
                _ = journal.ToAkkaConfig();   // reaches the server now: a wrong address is one clear error, not a stalled coordinator
            }
            catch (JournalConfigurationException e)
            {
                errors.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }
            var store = ResultStores.Parquet(layout);
            await using var node = SweepNode.Start(options, new CoordinatorRole(graph, store, journal, layout.ArtifactsDir), worker, TimeProvider.System);
            var done = node.WaitUntilDoneAsync(cancel.Token);
            IProgressView view = plain || System.Console.IsOutputRedirected ? new PlainProgressView(output, TimeProvider.System) : new LiveProgressView();
            await view.RunAsync(async () => await TryStatus(node).ConfigureAwait(false), done, cancel.Token).ConfigureAwait(false);
            if (cancel.IsCancellationRequested)
            {
                await node.Coordinator.Ask<Flushed>(FlushResults.Instance, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                errors.WriteLine($"interrupted; every result written so far is in {layout.Root}; continue with 'actorsweep resume {layout.Root}'");
                return ExitCodes.Interrupted;
            }
            StudyStatus final;
            try { final = await done.ConfigureAwait(false); }
            catch (InvalidOperationException e)
            {
                errors.WriteLine($"{layout.Root}: {e.Message}");
                return ExitCodes.BadInput;
            }
            output.WriteLine($"finished: {StatusText.Summary(final)}");
            foreach (var f in final.RecentFailures) output.WriteLine($"  failure: {f}");
            output.WriteLine($"results: {layout.TrialsDir}, {layout.CurvesDir}");
            return final.Counts.GetValueOrDefault(TaskPhase.Completed) == final.Total ? ExitCodes.Ok : ExitCodes.TasksFailed;
        }
        finally
        {
            System.Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<StudyStatus?> TryStatus(SweepNode node)
    {
        try { return await node.StatusAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false); }
        catch (AskTimeoutException) { return null; }
    }
}
