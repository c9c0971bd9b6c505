using ActorSweep.Cluster.Protocol;

namespace ActorSweep.Cli.Console;

/// <summary>Shows a running study: a live table on a terminal, plain lines when output is redirected.</summary>
public interface IProgressView
{
    /// <summary>Runs until <paramref name="done"/> completes, polling <paramref name="poll"/> for status.</summary>
    Task RunAsync(Func<Task<StudyStatus?>> poll, Task<StudyStatus> done, CancellationToken cancellation);
}
