using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep status &lt;out&gt;/&lt;study&gt; [--seed HOST:PORT]</c>: tasks per state, what each node and
/// slot is running, retries and failures — from the live coordinator when <c>--seed</c> names a
/// running cluster, otherwise from the study's journal (read-only).
/// </summary>
public static class StatusCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var a = CommandArgs.Parse(args, new[] { "seed", "config" }, Array.Empty<string>());
        var configFile = a.Get("config");
        if (configFile is not null && !File.Exists(configFile)) throw new UsageException($"--config: file '{configFile}' not found");
        var layout = new StudyLayout(a.Single("study folder"));
        if (!File.Exists(layout.StudyFile)) { errors.WriteLine($"{layout.Root}: not a study folder (no study.hocon)"); return ExitCodes.BadInput; }
        if (!ValidateCommand.TryLoad(layout.StudyFile, errors, out var spec)) return ExitCodes.BadInput;
        var graph = TaskGraph.Build(spec);

        if (a.Get("seed") is { } seed)
        {
            await using var client = SweepNode.Start(new NodeOptions(Seeds: new[] { RemotingTls.SeedAddress(SweepConfig.Load(configFile), seed) }, ConfigFile: configFile), null, null, TimeProvider.System);
            try
            {
                var live = await client.StatusAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
                output.WriteLine($"study '{live.Study}' (live, coordinator via {seed}): {StatusText.Summary(live)}");
                foreach (var group in live.Running.GroupBy(r => r.Node))
                {
                    output.WriteLine($"  node {group.Key}");
                    foreach (var r in group) output.WriteLine($"    {r.Worker.Split('/').Last()}: {StatusText.Running(r)}");
                }
                foreach (var f in live.RecentFailures) output.WriteLine($"  failure: {f}");
                return ExitCodes.Ok;
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                errors.WriteLine($"no coordinator answered via {seed} within 15 s; reading the journal instead");
            }
        }

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
                         string.Join(" · ", counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}")));
        foreach (var t in state.Tasks.Values.Where(t => t.Phase is TaskPhase.Leased or TaskPhase.Committing).OrderBy(t => t.Order))
            output.WriteLine($"  {t.Phase.ToString().ToLowerInvariant()}: {t.Spec.Method} r{t.Spec.Round} {t.Spec.Branch} seed {t.Spec.Seed} on {t.Lease?.Node ?? "?"} (attempt {t.Attempts}; re-queued on resume unless its row exists)");
        foreach (var t in state.Tasks.Values.Where(t => t.Failures > 0 || t.Phase == TaskPhase.Failed).OrderBy(t => t.Order))
            output.WriteLine($"  {(t.Phase == TaskPhase.Failed ? "failed" : "retried")}: {t.Spec.Method} r{t.Spec.Round} {t.Spec.Branch} seed {t.Spec.Seed} · {t.Failures} failure(s) · {t.Error}");
        if (!state.IsFinished) output.WriteLine($"  not finished: continue with 'actorsweep resume {layout.Root}'");
        return ExitCodes.Ok;
    }
}
