using System.Globalization;

namespace ActorSweep.Cli.Console;

/// <summary>
/// Time to the end of a study from the tasks finished during this run: remaining tasks ÷ the rate at
/// which this run has finished tasks (tasks already done when it started — a resume — do not count),
/// so the estimate reflects this machine's slots and this study's mix of task lengths.
/// </summary>
public sealed class EtaEstimator
{
    private readonly TimeProvider _time;
    private DateTimeOffset? _start;
    private int _finishedAtStart;

    /// <summary>An estimator reading the clock from <paramref name="time"/>.</summary>
    public EtaEstimator(TimeProvider time) => _time = time;

    /// <summary>The remaining time after a status with <paramref name="finished"/> of <paramref name="total"/> tasks final; null until one task finished in this run.</summary>
    public TimeSpan? Update(int finished, int total)
    {
        var now = _time.GetUtcNow();
        if (_start is null)
        {
            _start = now;
            _finishedAtStart = finished;
            return null;
        }
        var done = finished - _finishedAtStart;
        if (done <= 0 || finished >= total) return finished >= total ? TimeSpan.Zero : null;
        var perTask = (now - _start.Value) / done;
        return perTask * (total - finished);
    }

    /// <summary>
    /// The remaining time after <paramref name="status"/>, leaving out the tasks completed from the task store: they took
    /// milliseconds, and counted they would make the rate look like training had sped up.
    /// </summary>
    public TimeSpan? Update(ActorSweep.Cluster.Protocol.StudyStatus status) => Update(status.Finished - status.Reused, status.Total - status.Reused);

    /// <summary>"ETA 3 min 20 s" / "ETA 1 h 05 min", or "ETA —" while unknown.</summary>
    public static string Format(TimeSpan? eta) => eta switch
    {
        null => "ETA —",
        { TotalHours: >= 1 } e => string.Create(CultureInfo.InvariantCulture, $"ETA {(int)e.TotalHours} h {e.Minutes:00} min"),
        { TotalMinutes: >= 1 } e => string.Create(CultureInfo.InvariantCulture, $"ETA {(int)e.TotalMinutes} min {e.Seconds:00} s"),
        var e => string.Create(CultureInfo.InvariantCulture, $"ETA {e.Value.Seconds} s"),
    };
}
