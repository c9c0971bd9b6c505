using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Dashboard;
using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using Akka.Actor;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// Runs a study's task graph on a coordinator node (with local trainer slots for <c>run</c> and <c>resume</c>)
/// until every result is durable, a signal comes, or the coordinator cannot go on. It owns the study folder
/// while it runs (<see cref="StudyLock"/>; a PostgreSQL journal is locked on the server too), logs to the
/// folder's <c>actorsweep.log</c> and shows progress on the console, one line per failure.
/// </summary>
public static class StudyExecution
{
    /// <summary>Runs to the end on an embedded single-node cluster with <paramref name="devices"/> as its slots.</summary>
    public static Task<int> RunAsync(TaskGraph graph, StudyLayout layout, IReadOnlyList<string> devices, int threads, string? configFile,
        bool plain, ProcessSignals signals, TextWriter output, TextWriter errors, DashboardServer? dashboard = null, StoreChoice? store = null)
    {
        var banner = $"study '{graph.Study}': {graph.Trials.Count} trial(s), {graph.Tasks.Count} task(s) on {devices.Count} slot(s) " +
                     $"[{string.Join(", ", devices)}], {threads} thread(s) per slot → {layout.Root}";
        var worker = new WorkerRole(device => Runners.Create(layout, device, threads), devices);
        return RunNodeAsync(graph, layout, new NodeOptions(ConfigFile: configFile), worker, plain, signals, output, errors, dashboard, banner, store);
    }

    /// <summary>
    /// Runs a coordinator node (with local slots when <paramref name="worker"/> is given) until the study is done.
    /// <paramref name="banner"/> is printed once the study passed its checks (configuration, journal, folder lock).
    /// </summary>
    /// <remarks>
    /// With <paramref name="takeover"/> this process is a standby that has just won the study's PostgreSQL journal lock (its
    /// active coordinator died): it holds that lock already, waits a moment for the dead process's folder lock to go, and
    /// records the failover in the folder's coordinator history.
    /// </remarks>
    public static async Task<int> RunNodeAsync(TaskGraph graph, StudyLayout layout, NodeOptions options, WorkerRole? worker,
        bool plain, ProcessSignals signals, TextWriter output, TextWriter errors, DashboardServer? dashboard = null, string? banner = null, StoreChoice? store = null,
        Takeover? takeover = null)
    {
        store ??= StoreChoice.Off;
        JournalSettings journal;
        try
        {
            var config = SweepConfig.Load(options.ConfigFile);
            try { _ = SweepSettings.From(config); }
            catch (Akka.Configuration.ConfigurationException e) { throw new JournalConfigurationException($"{options.ConfigFile ?? "hocon/actorsweep.conf"}: {e.Message}"); }
            journal = JournalSettings.Resolve(config, layout, options.ConfigFile ?? "hocon/actorsweep.conf");
            _ = journal.ToAkkaConfig();   // reaches the server now: a wrong address is one clear error, not a stalled coordinator
        }
        catch (JournalConfigurationException e)
        {
            errors.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        // A standby takes over a study its active coordinator checked already; every second counts there.
        if (takeover is null && await JournalMatch.CheckAsync(graph, layout, journal).ConfigureAwait(false) is { } mismatch)
        {
            errors.WriteLine(mismatch);
            return ExitCodes.BadInput;
        }
        var started = takeover is not null ? CoordinatorStart.Failover
            : File.Exists(layout.CoordinatorHistoryFile) || journal is JournalSettings.Sqlite { File: var journalFile } && File.Exists(journalFile) ? CoordinatorStart.Resume
            : CoordinatorStart.Start;
        StudyLock folderLock;
        try { folderLock = takeover is null ? StudyLock.Acquire(layout) : await StudyLock.AcquireWaitingAsync(layout, TimeSpan.FromSeconds(30), signals.Token).ConfigureAwait(false); }
        catch (StudyLockedException e)
        {
            takeover?.JournalLock.Dispose();
            errors.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            takeover?.JournalLock.Dispose();
            return signals.ExitCode;
        }
        using (folderLock)
        {
            IDisposable? journalLock = takeover?.JournalLock;
            try
            {
                if (journal is JournalSettings.PostgreSql pg && journalLock is null) journalLock = pg.Lock(graph.Study, $"{Environment.MachineName} pid {Environment.ProcessId}");
            }
            catch (JournalConfigurationException e)
            {
                errors.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }
            StaleTemporaries.Remove(layout);
            if (banner is not null) output.WriteLine($"{banner}; {store.Describe()}");
            using (journalLock)
            using (Logging.ToFile(layout.LogFile, errors))
            {
                var role = new CoordinatorRole(graph, ResultStores.Parquet(layout), journal, layout.ArtifactsDir)
                {
                    LogFile = layout.LogFile,
                    Reuse = store.For(graph, layout),
                    Standbys = journal is JournalSettings.PostgreSql server ? () => server.Standbys(graph.Study) : null,
                };
                await using var node = SweepNode.Start(options with { ExtraConfig = Logging.AkkaConfig + (options.ExtraConfig is null ? "" : "\n" + options.ExtraConfig) }, role, worker, TimeProvider.System);
                folderLock.Describe(node.Address);
                var record = new CoordinatorRecord(DateTime.UtcNow, started, Environment.MachineName, Environment.ProcessId, node.Address, takeover?.Previous, takeover?.Requeued);
                // The history informs the reader; a disk that cannot take one more line must not stop the study (the journal is the record).
                try { CoordinatorHistory.Append(layout, record); }
                catch (IOException e) { errors.WriteLine($"{layout.CoordinatorHistoryFile}: cannot record this coordinator's start ({e.Message}); the study goes on"); }
                if (takeover is not null) output.WriteLine($"[{record.At:HH:mm:ss.fff}] took the study over: {CoordinatorHistory.Describe(record)}");
                if (dashboard is not null)
                {
                    dashboard.Add(new StudyFeed(layout, graph, new LiveStatusSource(node.StatusAsync, $"this process (pid {Environment.ProcessId}, {node.Address})", TimeProvider.System),
                        TimeProvider.System));
                    output.WriteLine($"dashboard: {dashboard.Address} (read-only)");
                }
                try { return await WatchAsync(node, layout, worker?.Devices.Count ?? 0, plain, signals, output, errors).ConfigureAwait(false); }
                finally
                {
                    if (dashboard is not null) await dashboard.DisposeAsync().ConfigureAwait(false);   // before the node it asks
                }
            }
        }
    }

    /// <summary>What a standby that won the journal lock brings: the lock, the coordinator it replaces, the leases it re-queues.</summary>
    public sealed record Takeover(IDisposable JournalLock, string? Previous, int Requeued);

    private static async Task<int> WatchAsync(SweepNode node, StudyLayout layout, int localSlots, bool plain, ProcessSignals signals, TextWriter output, TextWriter errors)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
        var done = node.WaitUntilDoneAsync(stop.Token);
        string? outOfService = null;
        async Task<StudyStatus?> Poll()
        {
            var s = await TryStatus(node).ConfigureAwait(false);
            if (localSlots > 0 && s is not null && s.ExcludedNodes.TryGetValue(node.Address, out var why) && s.Running.Count == 0)
            {
                outOfService = why;
                stop.Cancel();   // this node was the study's only worker and it was taken out of service
            }
            if (localSlots > 0 && s is not null && s.HungSlots.Count(h => h.Node == node.Address) >= localSlots && s.Slots.Count <= localSlots)
            {
                outOfService = string.Join("; ", s.HungSlots.Select(h => h.Reason));
                stop.Cancel();   // every local slot hung, and no other node works for the study
            }
            return s;
        }
        IProgressView view = plain || System.Console.IsOutputRedirected ? new PlainProgressView(output, TimeProvider.System) : new LiveProgressView();
        await view.RunAsync(Poll, done, stop.Token).ConfigureAwait(false);
        if (stop.IsCancellationRequested && !done.IsCompletedSuccessfully)
        {
            try { await node.Coordinator.Ask<Flushed>(FlushResults.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
            catch (AskTimeoutException) { }
            if (outOfService is not null)
            {
                errors.WriteLine($"this node was taken out of service ({outOfService}); the study cannot go on here. Every result so far is in {layout.Root}; " +
                                 $"fix the node and continue with 'actorsweep resume {layout.Root}' (details in {layout.LogFile})");
                return ExitCodes.TasksFailed;
            }
            errors.WriteLine($"{(signals.ExitCode == ExitCodes.Terminated ? "terminated" : "interrupted")}; every result written so far is in {layout.Root}; continue with 'actorsweep resume {layout.Root}'");
            return signals.ExitCode;
        }
        StudyStatus final;
        try { final = await done.ConfigureAwait(false); }
        catch (CoordinatorFailedException e)
        {
            // A signal can reach Akka's own handler (which shuts the node down, stopping the coordinator) an instant
            // before it reaches ours: a coordinator stopped by a node that is shutting down is the signal's doing.
            if (CoordinatedShutdown.Get(node.System).ShutdownReason is not null && await SignalWithin(signals, TimeSpan.FromSeconds(2)).ConfigureAwait(false))
            {
                errors.WriteLine($"{(signals.ExitCode == ExitCodes.Terminated ? "terminated" : "interrupted")}; every result written so far is in {layout.Root}; continue with 'actorsweep resume {layout.Root}'");
                return signals.ExitCode;
            }
            errors.WriteLine($"{layout.Root}: the coordinator stopped: {e.Message} (details in {layout.LogFile})");
            return ExitCodes.TasksFailed;
        }
        catch (InvalidOperationException e)
        {
            errors.WriteLine($"{layout.Root}: {e.Message}");
            return ExitCodes.BadInput;
        }
        output.WriteLine($"finished: {StatusText.Summary(final)}");
        foreach (var f in final.RecentFailures) output.WriteLine($"  failure: {f}");
        foreach (var (n, why) in final.ExcludedNodes) output.WriteLine($"  node taken out of service: {n}: {why}");
        foreach (var h in final.HungSlots) output.WriteLine($"  slot taken out of service: {h.Describe()}");
        if (final.RecentFailures.Count > 0) output.WriteLine($"  full errors: {layout.LogFile}");
        output.WriteLine($"results: {layout.TrialsDir}, {layout.CurvesDir}");
        return final.Counts.GetValueOrDefault(TaskPhase.Completed) == final.Total ? ExitCodes.Ok : ExitCodes.TasksFailed;
    }

    private static async Task<bool> SignalWithin(ProcessSignals signals, TimeSpan wait)
    {
        try { await Task.Delay(wait, signals.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        return signals.Signalled;
    }

    private static async Task<StudyStatus?> TryStatus(SweepNode node)
    {
        try { return await node.StatusAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false); }
        catch (AskTimeoutException) { return null; }
    }
}
