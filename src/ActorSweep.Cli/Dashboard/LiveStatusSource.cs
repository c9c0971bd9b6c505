using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Protocol;

namespace ActorSweep.Cli.Dashboard;

/// <summary>
/// The status of the study this process coordinates (<c>run</c>, <c>resume</c>, <c>coordinator</c> with
/// <c>--dashboard</c>): asked of the coordinator in this process; the ETA as the console shows it.
/// </summary>
public sealed class LiveStatusSource : IStatusSource
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);
    private readonly Func<TimeSpan, Task<StudyStatus>> _ask;
    private readonly string _coordinator;
    private readonly TimeProvider _time;
    private readonly EtaEstimator _eta;
    private StatusView? _last;

    /// <summary>A source asking <paramref name="ask"/>; <paramref name="coordinator"/> describes it on the page.</summary>
    public LiveStatusSource(Func<TimeSpan, Task<StudyStatus>> ask, string coordinator, TimeProvider time)
    {
        _ask = ask;
        _coordinator = coordinator;
        _time = time;
        _eta = new EtaEstimator(time);
    }

    /// <inheritdoc />
    public async Task<StatusView> ReadAsync(CancellationToken cancellation)
    {
        try
        {
            var s = await _ask(AskTimeout).WaitAsync(cancellation).ConfigureAwait(false);
            return _last = StatusViews.FromLive(s, _coordinator, _eta.Update(s), _time.GetUtcNow());
        }
        catch (Akka.Actor.AskTimeoutException) when (_last is not null)
        {
            return _last with { Note = $"the coordinator did not answer within {AskTimeout.TotalSeconds:0} s; showing its status of {_last.Updated:HH:mm:ss} UTC" };
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
