namespace ActorSweep.Core.Coordination;

/// <summary>A running task the watchdog found hung: its attempt, the last iteration it reported, how long it has not advanced and the limit.</summary>
public sealed record HungTask(string TaskId, int Attempt, int? LastIteration, TimeSpan Stalled, TimeSpan Limit)
{
    /// <summary>"no progress past iteration 100 for 612 s (limit 600 s)".</summary>
    public string Describe() =>
        $"hung: no progress {(LastIteration is { } it ? $"past iteration {it}" : "since it started")} for {Stalled.TotalSeconds:0} s (limit {Limit.TotalSeconds:0} s, actorsweep.hung-task)";
}

/// <summary>
/// Watches running tasks' progress: a task whose reported iteration has not advanced for the larger of <c>after</c> and
/// <c>factor</c> × its expected duration is hung. The expected duration is the task's own work (its share of the
/// critical-path estimate) × the seconds per unit of work the study's finished tasks took. Pure: the coordinator feeds it
/// leases, progress and finished tasks with their times, and asks it which running tasks are hung at a given moment.
/// Not thread-safe: one host, one thread.
/// </summary>
public sealed class ProgressWatchdog
{
    private readonly TimeSpan _after;
    private readonly double _factor;
    private readonly Func<string, long> _ownWork;
    private readonly Dictionary<string, (int Attempt, int? Iteration, DateTime Since)> _running = new(StringComparer.Ordinal);
    private double _seconds;
    private double _work;

    /// <summary>A watchdog with the limit max(<paramref name="after"/>, <paramref name="factor"/> × expected); <paramref name="ownWork"/> gives a task's own work.</summary>
    public ProgressWatchdog(TimeSpan after, double factor, Func<string, long> ownWork)
    {
        _after = after;
        _factor = factor;
        _ownWork = ownWork;
    }

    /// <summary>The attempt of <paramref name="taskId"/> is known to run since <paramref name="now"/> (a first sighting: nothing is reset when it is already watched).</summary>
    public void Running(string taskId, int attempt, DateTime now)
    {
        if (_running.TryGetValue(taskId, out var seen) && seen.Attempt == attempt) return;
        _running[taskId] = (attempt, null, now);
    }

    /// <summary>The attempt reported <paramref name="iteration"/> at <paramref name="now"/>: when it advanced, the stall clock restarts.</summary>
    public void Progress(string taskId, int attempt, int iteration, DateTime now)
    {
        if (!_running.TryGetValue(taskId, out var seen) || seen.Attempt != attempt) { _running[taskId] = (attempt, iteration, now); return; }
        if (seen.Iteration is null || iteration > seen.Iteration) _running[taskId] = (attempt, iteration, now);
    }

    /// <summary>The task is no longer running (finished, failed, released); a trained task's <paramref name="wall"/> time teaches the expected rate.</summary>
    public void Stopped(string taskId, TimeSpan? wall = null)
    {
        _running.Remove(taskId);
        if (wall is not { } w || w <= TimeSpan.Zero) return;
        var work = _ownWork(taskId);
        if (work <= 0) return;
        _seconds += w.TotalSeconds;
        _work += work;
    }

    /// <summary>The expected duration of <paramref name="taskId"/> from the rate observed so far; null before any task finished.</summary>
    public TimeSpan? Expected(string taskId) =>
        _work <= 0 ? null : TimeSpan.FromSeconds(_seconds / _work * Math.Max(0, _ownWork(taskId)));

    /// <summary>The stall limit of <paramref name="taskId"/>.</summary>
    public TimeSpan LimitOf(string taskId) => Expected(taskId) is { } e && e * _factor > _after ? e * _factor : _after;

    /// <summary>
    /// The watched tasks that are hung at <paramref name="now"/>, of those <paramref name="stillRunning"/> says still run (the
    /// others are forgotten). Each is reported once: it is forgotten as it is returned.
    /// </summary>
    public IReadOnlyList<HungTask> Hung(DateTime now, Func<string, int, bool> stillRunning)
    {
        var hung = new List<HungTask>();
        foreach (var (taskId, seen) in _running.ToList())
        {
            if (!stillRunning(taskId, seen.Attempt)) { _running.Remove(taskId); continue; }
            var limit = LimitOf(taskId);
            var stalled = now - seen.Since;
            if (stalled <= limit) continue;
            hung.Add(new HungTask(taskId, seen.Attempt, seen.Iteration, stalled, limit));
            _running.Remove(taskId);
        }
        return hung;
    }
}
