using System.Diagnostics;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Bench;

/// <summary>
/// Cluster overheads with nodes as separate ActorSystems talking over loopback TCP (messages are
/// serialized as between processes): 50 ms no-op tasks on 2 worker nodes × 2 slots, makespan against
/// the ideal, counted from the moment both workers are up.
/// </summary>
public static class ClusterBench
{
    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        Makespan();
    }

    private static void Makespan()
    {
        const int tasks = 800;
        var graph = OrchestrationBench.Study("dense", "", tasks);
        var coordinator = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, new NullStore()), null, TimeProvider.System);
        var runner = new SleepRunner(TimeSpan.FromMilliseconds(50));
        var workers = Enumerable.Range(0, 2).Select(_ => SweepNode.Start(new NodeOptions(Seeds: new[] { coordinator.Address }), null,
            new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System)).ToList();
        var bothUp = Stopwatch.GetTimestamp();
        coordinator.WaitUntilDoneAsync(CancellationToken.None).GetAwaiter().GetResult();
        var end = Stopwatch.GetTimestamp();
        var counted = runner.StartedAfter(bothUp);
        var makespan = Stopwatch.GetElapsedTime(bothUp, end);
        var ideal = TimeSpan.FromMilliseconds(50.0 * counted / 4);
        Console.WriteLine($"cluster makespan: {counted} no-op tasks of 50 ms (started after both workers were up) on 2 worker nodes × 2 slots: " +
                          $"{makespan.TotalSeconds:0.00} s vs ideal {ideal.TotalSeconds:0.00} s → makespan/ideal = {makespan / ideal:0.000}, " +
                          $"overhead {(makespan - ideal).TotalMilliseconds * 4 / counted:0.0} ms per task (Ray Tune's published figure: 14.4 %, ≈144 ms per trial)");
        foreach (var w in workers) w.DisposeAsync().AsTask().GetAwaiter().GetResult();
        coordinator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private sealed class SleepRunner(TimeSpan duration) : ITaskRunner
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<long> _starts = new();

        public int StartedAfter(long timestamp) => _starts.Count(s => s >= timestamp);

        public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
        {
            _starts.Add(Stopwatch.GetTimestamp());
            cancellation.WaitHandle.WaitOne(duration);
            cancellation.ThrowIfCancellationRequested();
            return new TaskResult(1, 1, 1, 0, 0, 0, 0, 0, duration.TotalSeconds, "cpu", Array.Empty<CurvePoint>());
        }
    }

    private sealed class NullStore : IResultStore
    {
        public void Write(IReadOnlyList<TaskRecord> records) { }

        public IReadOnlySet<string> ExistingTaskIds() => new HashSet<string>();
    }
}
