using ActorSweep.Cluster.Protocol;

namespace ActorSweep.Cli.Console;

/// <summary>Progress as plain lines (logs, CI, redirected output): a line whenever a task finishes, else every 30 s.</summary>
public sealed class PlainProgressView : IProgressView
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);
    private readonly TextWriter _out;
    private readonly TimeProvider _time;

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public PlainProgressView(TextWriter output, TimeProvider time)
    {
        _out = output;
        _time = time;
    }

    /// <inheritdoc />
    public async Task RunAsync(Func<Task<StudyStatus?>> poll, Task<StudyStatus> done, CancellationToken cancellation)
    {
        var lastFinished = -1;
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var lastLine = DateTimeOffset.MinValue;
        var wasStalled = false;
        var eta = new EtaEstimator(_time);
        while (!done.IsCompleted && !cancellation.IsCancellationRequested)
        {
            var s = await poll().ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var remaining = s is null ? null : eta.Update(s);
            var stalled = s?.Stalled is not null;
            if (s is not null && (s.Finished != lastFinished || now - lastLine > Quiet || stalled != wasStalled))
            {
                _out.WriteLine($"[{now:HH:mm:ss}] {StatusText.Summary(s)} · {EtaEstimator.Format(remaining)}");
                foreach (var r in s.Running) _out.WriteLine($"           {StatusText.Running(r)}");
                foreach (var f in s.RecentFailures.Where(shown.Add)) _out.WriteLine($"           failure: {f}");
                foreach (var (node, why) in s.ExcludedNodes.Where(n => shown.Add("node " + n.Key))) _out.WriteLine($"           node taken out of service: {node}: {why}");
                if (s.Stalled is { } none) _out.WriteLine($"           waiting: {none.Describe(now.UtcDateTime)}");
                else if (wasStalled) _out.WriteLine("           trainer slots are back");
                wasStalled = stalled;
                lastFinished = s.Finished;
                lastLine = now;
            }
            await Task.WhenAny(done, Task.Delay(1000, cancellation)).ConfigureAwait(false);
        }
    }
}
