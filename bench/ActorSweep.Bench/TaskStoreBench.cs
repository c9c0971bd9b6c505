using System.Diagnostics;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Store;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Bench;

/// <summary>
/// What the task store costs and saves per task, through the real embedded node with a runner that trains nothing but
/// writes a 1 MiB artifact per task (LeNet-300-100's <c>final.pt</c> is 1.07 MB): the store off, the store on with every
/// task new (looked up, trained, stored), and a second study of the same tasks (every task reused: entry read and verified,
/// artifact copied and verified, row written). Interleaved off/cold/warm twice, ratios of the means.
/// </summary>
public static class TaskStoreBench
{
    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        Compare("independent (dense, 400 seeds)", OrchestrationBench.Study("dense", "", 400));
        Compare("IMP chains (20 seeds × 10 rounds + re-init)", OrchestrationBench.Study("imp", "rounds = 10, controls = [random-reinit]", 20));
    }

    private static void Compare(string label, TaskGraph graph)
    {
        var off = new List<double>();
        var cold = new List<double>();
        var warm = new List<double>();
        for (var run = 0; run < 2; run++)
        {
            var root = Directory.CreateTempSubdirectory("actorsweep-bench-store").FullName;
            try
            {
                var store = new TaskStore(Path.Combine(root, "store"));
                off.Add(Measure(graph, Path.Combine(root, "off"), null));
                cold.Add(Measure(graph, Path.Combine(root, "cold"), store));
                warm.Add(Measure(graph, Path.Combine(root, "warm"), store));
            }
            finally { Directory.Delete(root, recursive: true); }
        }
        Console.WriteLine($"task store, {label}, {graph.Tasks.Count} tasks, 2 slots: store off {off.Average():0.00}, storing {cold.Average():0.00}, " +
                          $"all reused {warm.Average():0.00} ms/task → storing/off = {cold.Average() / off.Average():0.00}, reused/off = {warm.Average() / off.Average():0.00} " +
                          $"(means of two interleaved runs; the runner trains nothing and writes 1 MiB per task)");
    }

    private static double Measure(TaskGraph graph, string folder, TaskStore? store)
    {
        var layout = new StudyLayout(folder);
        var runner = new ArtifactWriter(layout);
        var role = new CoordinatorRole(graph, new NoRows(), null, layout.ArtifactsDir)
        {
            Reuse = store is null ? null : new TaskReuse(store, layout.ArtifactsDir, TaskReuse.SourceOf(graph.Study, folder)),
        };
        var node = SweepNode.Start(new NodeOptions().Quiet(), role, new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System);
        var sw = Stopwatch.StartNew();
        node.WaitUntilDoneAsync(CancellationToken.None).GetAwaiter().GetResult();
        var elapsed = sw.Elapsed;
        node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return elapsed.TotalMilliseconds / graph.Tasks.Count;
    }

    private sealed class ArtifactWriter(StudyLayout layout) : ITaskRunner
    {
        private static readonly byte[] Weights = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 31)).ToArray();

        public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
        {
            var dir = layout.ArtifactDir(task.TaskId);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, ArtifactNames.Final), Weights);
            return new TaskResult(1, 1, 1, 0, 0, 0, 0, 0, 0, "cpu", Array.Empty<CurvePoint>());
        }
    }

    private sealed class NoRows : IResultStore
    {
        public void Write(IReadOnlyList<TaskRecord> records) { }

        public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults) { }

        public IReadOnlyDictionary<string, string> ExistingRows() => new Dictionary<string, string>();
    }
}
