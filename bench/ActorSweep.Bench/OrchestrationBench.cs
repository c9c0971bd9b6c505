using System.Diagnostics;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Results;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Bench;

/// <summary>
/// Per-task orchestration overhead: a study whose runner does nothing, through the real embedded node
/// (coordinator singleton, pulling slots, batching sink). Reports ms per task and tasks/s for
/// independent tasks and for IMP chains, where each round waits for its parent's durable commit.
/// </summary>
public static class OrchestrationBench
{
    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        Measure("warm-up (JIT, not reported)", Study("imp", "rounds = 3, controls = [random-reinit]", 20), slots: 2, prefetch: true, report: false);
        Compare("independent (dense, 400 seeds)", Study("dense", "", 400));
        Compare("IMP chains (20 seeds × 10 rounds + re-init)", Study("imp", "rounds = 10, controls = [random-reinit]", 20));
    }

    /// <summary>One shape with prefetch off and on (<see cref="PrefetchComparison"/>); prints the means and their ratio.</summary>
    private static void Compare(string label, TaskGraph graph)
    {
        var (off, on) = PrefetchComparison.Run(prefetch => Measure(label, graph, slots: 2, prefetch));
        Console.WriteLine($"orchestration {label}: prefetch off {off.Average():0.00}, on {on.Average():0.00} ms/task " +
                          $"→ on/off = {on.Average() / off.Average():0.00} (means of two runs each, interleaved)");
    }

    /// <summary>A no-op study of one method over <paramref name="seeds"/> seeds.</summary>
    internal static TaskGraph Study(string method, string options, int seeds) =>
        TaskGraph.Build(new StudyLoader(StudyCatalog.Any).LoadText($"""
            name = bench
            dataset = synthetic
            model = lenet-16-8
            seeds = [{string.Join(",", Enumerable.Range(0, seeds))}]
            methods = [ {"{"} name = {method} {(options.Length > 0 ? ", " + options : "")} {"}"} ]
            """));

    private static double Measure(string label, TaskGraph graph, int slots, bool prefetch, bool report = true)
    {
        var store = new CountingStore();
        var sw = Stopwatch.StartNew();
        var node = SweepNode.Start(new NodeOptions { ExtraConfig = $"actorsweep.prefetch = {(prefetch ? "on" : "off")}" }.Quiet(), new CoordinatorRole(graph, store), new WorkerRole(_ => new NoOpRunner(), Enumerable.Repeat("cpu", slots).ToArray()), TimeProvider.System);
        var started = sw.Elapsed;
        var final = node.WaitUntilDoneAsync(CancellationToken.None).GetAwaiter().GetResult();
        var elapsed = sw.Elapsed - started;
        node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var msPerTask = elapsed.TotalMilliseconds / graph.Tasks.Count;
        if (!report) return msPerTask;
        Console.WriteLine($"orchestration {label}, prefetch {(prefetch ? "on" : "off")}: {graph.Tasks.Count} tasks, {slots} slots, {elapsed.TotalSeconds:0.00} s " +
                          $"→ {msPerTask:0.00} ms/task, {graph.Tasks.Count / elapsed.TotalSeconds:0} tasks/s " +
                          $"(node start {started.TotalSeconds:0.00} s, {store.Batches} result batches, {final.Finished} finished)");
        return msPerTask;
    }

    private sealed class NoOpRunner : ITaskRunner
    {
        public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation) =>
            new(1, 1, 1, 0, 0, 0, 0, 0, 0, "cpu", Array.Empty<CurvePoint>());
    }

    private sealed class CountingStore : IResultStore
    {
        public int Batches { get; private set; }

        public void Write(IReadOnlyList<TaskRecord> records) => Batches++;

        public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults) { }

        public IReadOnlyDictionary<string, string> ExistingRows() => new Dictionary<string, string>();
    }
}
