using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;
using Spectre.Console;

namespace ActorSweep.Cli.Console;

/// <summary>A live table on an interactive terminal: tasks per state, each running task, recent failures.</summary>
public sealed class LiveProgressView : IProgressView
{
    /// <inheritdoc />
    public async Task RunAsync(Func<Task<StudyStatus?>> poll, Task<StudyStatus> done, CancellationToken cancellation)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("study");
        var eta = new EtaEstimator(TimeProvider.System);
        await AnsiConsole.Live(table).AutoClear(false).StartAsync(async ctx =>
        {
            while (!cancellation.IsCancellationRequested)
            {
                var s = done.IsCompleted ? await done.ConfigureAwait(false) : await poll().ConfigureAwait(false);
                if (s is not null)
                {
                    ctx.UpdateTarget(Render(s, eta.Update(s)));
                    ctx.Refresh();
                }
                if (done.IsCompleted) return;
                await Task.WhenAny(done, Task.Delay(500, cancellation)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private static Table Render(StudyStatus s, TimeSpan? remaining)
    {
        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(s.Study)}[/]");
        t.AddColumn("tasks").AddColumn("");
        var bar = s.Total == 0 ? "" : new string('█', 30 * s.Finished / s.Total).PadRight(30, '░');
        t.AddRow(new Markup("progress"), new Markup(Markup.Escape($"{bar} {s.Finished}/{s.Total} · {EtaEstimator.Format(remaining)}")));
        t.AddRow("states", Markup.Escape(
            $"{s.Counts.GetValueOrDefault(TaskPhase.Completed)} completed{StatusText.Reused(s)} · {s.RunningCount} running{StatusText.Queued(s)} · " +
            $"{s.Counts.GetValueOrDefault(TaskPhase.Pending)} waiting · {s.Counts.GetValueOrDefault(TaskPhase.Failed)} failed · {s.Counts.GetValueOrDefault(TaskPhase.Skipped)} skipped"));
        foreach (var r in s.Running) t.AddRow(new Markup("[green]running[/]"), new Markup(Markup.Escape(StatusText.Running(r))));
        foreach (var f in s.RecentFailures.TakeLast(5)) t.AddRow(new Markup("[red]failure[/]"), new Markup(Markup.Escape(f)));
        foreach (var (node, why) in s.ExcludedNodes) t.AddRow(new Markup("[red]node out[/]"), new Markup(Markup.Escape($"{node}: {why}")));
        if (s.Stalled is { } none) t.AddRow(new Markup("[yellow]no slots[/]"), new Markup(Markup.Escape(none.Describe(DateTime.UtcNow))));
        if (s.ActiveCoordinator is { } active) t.AddRow("coordinator", Markup.Escape($"{active}{(s.Standbys.Count == 0 ? "" : $" · standing by: {string.Join(", ", s.Standbys)}")}"));
        if (s.LogFile is { } log && (s.RecentFailures.Count > 0 || s.ExcludedNodes.Count > 0)) t.AddRow(new Markup("log"), new Markup(Markup.Escape(log)));
        return t;
    }
}
