using System.CommandLine;
using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep status &lt;out&gt;/&lt;study&gt; [--seed HOST:PORT]</c>: tasks per state, what each node and
/// slot is running, retries, failures and nodes out of service — from the live coordinator (the one that
/// holds the folder, or the cluster <c>--seed</c> names), otherwise from the study's journal (read-only).
/// </summary>
public static class StatusCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var folder = CommonOptions.Path("folder", "the study folder, e.g. out/quick");
        var seed = new Option<string?>("--seed") { Description = "HOST:PORT of the running cluster [default: the live coordinator the folder names]" };
        var config = CommonOptions.Config();
        var command = new Command("status", "tasks per state, running tasks per node, failures (live from the cluster, else from the journal)") { folder, seed, config };
        command.SetAction((p, _) => RunAsync(p.GetValue(folder)!, p.GetValue(seed), p.GetValue(config), output, errors));
        return command;
    }

    /// <summary>Prints the status; returns the exit code.</summary>
    public static async Task<int> RunAsync(string folder, string? seed, string? configFile, TextWriter output, TextWriter errors)
    {
        var layout = new StudyLayout(folder);
        if (!File.Exists(layout.StudyFile)) { errors.WriteLine($"{layout.Root}: not a study folder (no study.hocon)"); return ExitCodes.BadInput; }
        if (!StudyFolder.TryLoad(layout, errors, out var spec)) return ExitCodes.BadInput;
        var graph = TaskGraph.Build(spec);

        var owner = StudyLock.LiveOwner(layout);
        var seedAddress = seed is not null ? RemotingTls.SeedAddress(SweepConfig.Load(configFile), seed) : owner?.SeedAddress;
        if (seedAddress is not null && await TryLiveAsync(seedAddress, owner, seed, configFile, output, errors).ConfigureAwait(false)) return ExitCodes.Ok;
        return await FromJournalAsync(layout, spec, graph, configFile, output, errors).ConfigureAwait(false);
    }

    /// <summary>
    /// The live view from the coordinator at <paramref name="seedAddress"/>; false (after one line saying why) when it
    /// cannot be had — the coordinator went away just now, or does not answer.
    /// </summary>
    private static async Task<bool> TryLiveAsync(string seedAddress, CoordinatorOwner? owner, string? seed, string? configFile, TextWriter output, TextWriter errors)
    {
        var who = owner is not null ? $"the coordinator ({owner})" : $"the coordinator at {seed}";
        SweepNode client;
        try { client = SweepNode.StartStatusClient(seedAddress, configFile, TimeProvider.System); }
        catch (ClusterJoinException e)
        {
            errors.WriteLine($"{who} is gone{(owner is not null ? " (it just went away)" : "")}: {e.Message}; reading the journal instead");
            return false;
        }
        await using (client)
        {
            try
            {
                var live = await client.StatusAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
                output.WriteLine($"study '{live.Study}' (live, coordinator {owner?.ToString() ?? seed}): {StatusText.Summary(live)}");
                foreach (var group in live.Running.GroupBy(r => r.Node))
                {
                    output.WriteLine($"  node {group.Key}");
                    foreach (var r in group) output.WriteLine($"    {r.Worker.Split('/').Last()}: {StatusText.Running(r)}");
                }
                foreach (var f in live.RecentFailures) output.WriteLine($"  failure: {f}");
                foreach (var (n, why) in live.ExcludedNodes) output.WriteLine($"  node taken out of service: {n}: {why}");
                foreach (var h in live.HungSlots) output.WriteLine($"  slot taken out of service: {h.Describe()}");
                if (live.Stalled is { } none) output.WriteLine($"  waiting: {none.Describe(DateTime.UtcNow)}");
                if (live.ActiveCoordinator is { } active) output.WriteLine($"  active coordinator: {active}");
                foreach (var standby in live.Standbys) output.WriteLine($"  standing by: {standby}");
                if (live.LogFile is not null) output.WriteLine($"  log (full errors): {live.LogFile}");
                return true;
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                errors.WriteLine($"no coordinator answered via {seedAddress} within 15 s; reading the journal instead");
                return false;
            }
        }
    }

    private static async Task<int> FromJournalAsync(StudyLayout layout, StudySpec spec, TaskGraph graph, string? configFile, TextWriter output, TextWriter errors)
    {
        var owner = StudyLock.LiveOwner(layout);

        JournalSettings journal;
        try
        {
            journal = JournalSettings.Resolve(SweepConfig.Load(configFile), layout, configFile ?? "hocon/actorsweep.conf");
            if (journal is JournalSettings.PostgreSql) _ = journal.ToAkkaConfig();
        }
        catch (JournalConfigurationException e)
        {
            errors.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        if (journal is JournalSettings.Sqlite { File: var file } && !File.Exists(file))
        {
            errors.WriteLine($"{file}: no journal (the study was never started here, or its journal is configured elsewhere: pass the same --config)");
            return ExitCodes.BadInput;
        }
        var state = await JournalStatus.ReadAsync(graph, journal).ConfigureAwait(false);
        var counts = state.CountByPhase();
        output.WriteLine($"study '{spec.Name}' (from the journal, {journal.Describe()}): {state.Tasks.Count} tasks · " +
                         string.Join(" · ", counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}")) +
                         (state.ReusedCount() is > 0 and var reused ? $" ({reused} reused from the task store)" : ""));
        foreach (var t in state.Tasks.Values.Where(t => t.Phase is TaskPhase.Leased or TaskPhase.Committing).OrderBy(t => t.Order))
            output.WriteLine($"  {t.Phase.ToString().ToLowerInvariant()}: {t.Spec.Method} r{t.Spec.Round} {t.Spec.Branch} seed {t.Spec.Seed} on {t.Lease?.Node ?? "?"} (attempt {t.Attempts}; re-queued on resume unless its row exists)");
        foreach (var t in state.Tasks.Values.Where(t => t.Failures > 0 || t.Phase == TaskPhase.Failed).OrderBy(t => t.Order))
            output.WriteLine($"  {(t.Phase == TaskPhase.Failed ? "failed" : "retried")}: {t.Spec.Method} r{t.Spec.Round} {t.Spec.Branch} seed {t.Spec.Seed} · {t.Failures} failure(s) · {t.Error}");
        foreach (var (n, why) in state.ExcludedNodes) output.WriteLine($"  node taken out of service: {n}: {why}");
        if (File.Exists(layout.LogFile)) output.WriteLine($"  log (full errors): {layout.LogFile}");
        if (owner is not null) output.WriteLine($"  running: coordinator {owner} (it did not answer; see its log)");
        else if (!state.IsFinished) output.WriteLine($"  not finished: continue with 'actorsweep resume {layout.Root}'");
        return ExitCodes.Ok;
    }
}
