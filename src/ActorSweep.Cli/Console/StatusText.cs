using System.Globalization;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;

namespace ActorSweep.Cli.Console;

/// <summary>Shared wording of progress lines, so the live table and plain output say the same.</summary>
public static class StatusText
{
    /// <summary>"12/32 done · 2 running · 1 failed · 0 skipped".</summary>
    public static string Summary(StudyStatus s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Finished}/{s.Total} done{Reused(s)} · {s.RunningCount} running{Queued(s)} · {s.Counts.GetValueOrDefault(TaskPhase.Pending)} waiting · " +
        $"{s.Counts.GetValueOrDefault(TaskPhase.Failed)} failed · {s.Counts.GetValueOrDefault(TaskPhase.Skipped)} skipped");

    /// <summary>" (12 reused)" when tasks were completed from the task store instead of trained, else nothing.</summary>
    public static string Reused(StudyStatus s) => s.Reused == 0 ? "" : $" ({s.Reused} reused)";

    /// <summary>" (+1 queued)" when slots hold tasks queued behind their running ones, else nothing.</summary>
    public static string Queued(StudyStatus s) => s.Queued.Count == 0 ? "" : $" (+{s.Queued.Count} queued)";

    /// <summary>"imp r2 main seed 1 · it 1200/3000 · val 97.1 %".</summary>
    public static string Running(RunningTask t)
    {
        var p = t.Progress;
        var it = p is null ? "starting" : $"it {p.Iteration}/{p.TotalIterations}";
        var acc = p?.ValAccuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $" · val {a * 100:0.0} %") : "";
        var attempt = t.Attempt > 1 ? $" · attempt {t.Attempt}" : "";
        return $"{t.Spec.Model} {t.Spec.Method} r{t.Spec.Round} {t.Spec.Branch} seed {t.Spec.Seed} · {it}{acc}{attempt}";
    }
}
