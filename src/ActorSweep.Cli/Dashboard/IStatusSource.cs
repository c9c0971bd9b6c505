namespace ActorSweep.Cli.Dashboard;

/// <summary>Where a study's status comes from: its running coordinator, or its journal.</summary>
public interface IStatusSource : IAsyncDisposable
{
    /// <summary>The study's status now.</summary>
    Task<StatusView> ReadAsync(CancellationToken cancellation);
}
