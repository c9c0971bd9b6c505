using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Composition;

/// <summary>
/// Fault-injection points the tests turn on through the environment (never set in normal use; documented in
/// docs/cluster.md): <c>ACTORSWEEP_FAULT_HANG_AT_ITERATION=N</c> makes the first attempt of this process that reports
/// iteration N stop advancing for good — its training thread sleeps and ignores cancellation, as a trainer stuck in a
/// native call does — so the progress watchdog can be seen at work.
/// </summary>
public static class FaultInjection
{
    private static int _hung;

    /// <summary>The iteration to hang at, when the variable is set.</summary>
    public static int? HangAtIteration =>
        int.TryParse(Environment.GetEnvironmentVariable("ACTORSWEEP_FAULT_HANG_AT_ITERATION"), out var at) && at >= 0 ? at : null;

    /// <summary><paramref name="runner"/>, or a runner that hangs as configured.</summary>
    public static ITaskRunner Wrap(ITaskRunner runner) => HangAtIteration is { } at ? new HangingRunner(runner, at) : runner;

    private sealed class HangingRunner(ITaskRunner inner, int at) : ITaskRunner
    {
        public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation) =>
            inner.Run(task, p =>
            {
                progress(p);
                if (p.Iteration >= at && Interlocked.Exchange(ref _hung, 1) == 0) Thread.Sleep(Timeout.Infinite);
            }, cancellation);
    }
}
