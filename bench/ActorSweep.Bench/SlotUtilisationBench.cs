using System.Diagnostics;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Bench;

/// <summary>
/// How close a trainer slot comes to its step rate inside a real study: a small LTH study on real MNIST
/// (LeNet-300-100, IMP 2 rounds + random re-init, 2 seeds, 3,000 iterations, validation every 500) runs on the
/// embedded node with its Parquet store, on 1 and on 2 slots. Its ideal is what its arithmetic costs, measured in
/// the same run with as many threads as slots (so the ideal sees the same memory-bandwidth contention): the masked
/// step benchmark's time for every step the tasks take plus the forward time of every image they evaluate
/// (validation at each point, test at the early-stop point and the end, the training split once). Utilisation =
/// ideal ÷ the slots' time (busy time = the runner's own clock per task; makespan × slots).
/// </summary>
public static class SlotUtilisationBench
{
    private const string Study = """
        name = slot-bench
        dataset = mnist
        model = lenet-300-100
        seeds = [1, 2]
        training { iterations = 3000, eval-every = 500 }
        methods = [ { name = imp, rounds = 2, strategy = layerwise, rate-fc = 0.2, rate-output = 0.1, controls = [random-reinit] } ]
        """;

    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        var graph = TaskGraph.Build(new StudyLoader(new StudyCatalog(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, "models")).LoadText(Study));
        var splits = DatasetRegistry.Load("mnist", 5000);   // fetched and verified once, as a study would
        // Warm-up, not reported: the process's first study pays for JIT, the data's tensors and the native library.
        RunStudy(TaskGraph.Build(new StudyLoader(new StudyCatalog(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, "models"))
            .LoadText(Study.Replace("iterations = 3000", "iterations = 200").Replace("rounds = 2", "rounds = 1"))), 2);
        foreach (var slots in new[] { 1, 2 })
        {
            // The machines drift by ±20 % over minutes: the arithmetic is measured right before and right after the study
            // and the mean is the ideal's rate.
            var before = Arithmetic(slots);
            var (results, makespan) = RunStudy(graph, slots);
            var after = Arithmetic(slots);
            var (step, image) = ((before.Step + after.Step) / 2, (before.Image + after.Image) / 2);
            Console.WriteLine($"  arithmetic on {slots} thread(s): step {before.Step * 1e3:0.000} ms before, {after.Step * 1e3:0.000} ms after; image {before.Image * 1e6:0.00} µs before, {after.Image * 1e6:0.00} µs after");
            {
                double ideal = 0, busy = 0;
                long steps = 0, images = 0;
                foreach (var r in results)
                {
                    var evaluated = r.Curve.Count * (long)splits.Validation.Count
                                    + r.Curve.Count(p => !double.IsNaN(p.TestAccuracy)) * (long)splits.Test.Count
                                    + splits.Train.Count;
                    steps += r.Iterations;
                    images += evaluated;
                    ideal += r.Iterations * step + evaluated * image;
                    busy += r.WallSeconds;
                }
                Console.WriteLine($"slot utilisation, {slots} slot(s): {results.Count} tasks, {steps:N0} steps ({step * 1e3:0.000} ms each) + {images:N0} images evaluated " +
                                  $"({image * 1e6:0.00} µs each) → ideal {ideal:0.0} slot-s; busy {busy:0.0} slot-s → ideal/busy = {ideal / busy:0.000}; " +
                                  $"makespan {makespan:0.0} s × {slots} → ideal/(makespan × slots) = {ideal / (makespan * slots):0.000}");
            }
        }
    }

    /// <summary>Runs a study on the embedded node with its Parquet store: each task's result, and the makespan in seconds.</summary>
    private static (IReadOnlyCollection<TaskResult> Results, double Makespan) RunStudy(TaskGraph graph, int slots)
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-bench-slots").FullName);
        try
        {
            var results = new System.Collections.Concurrent.ConcurrentDictionary<string, TaskResult>();
            var clock = Stopwatch.StartNew();
            var node = SweepNode.Start(new NodeOptions().Quiet(),
                new CoordinatorRole(graph, new ParquetResultStore(layout, "bench")),
                new WorkerRole(_ => new Recording(new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load)), results), Enumerable.Repeat("cpu", slots).ToArray()),
                TimeProvider.System);
            node.WaitUntilDoneAsync(CancellationToken.None).GetAwaiter().GetResult();
            var makespan = clock.Elapsed.TotalSeconds;
            node.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return (results.Values.ToList(), makespan);
        }
        finally
        {
            Directory.Delete(layout.Root, recursive: true);
        }
    }

    /// <summary>(seconds per masked training step, seconds per evaluated image), measured on <paramref name="threads"/> threads at once, median of 3.</summary>
    private static (double Step, double Image) Arithmetic(int threads)
    {
        var measured = new (double Step, double Image)[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => measured[t] = MeasureOne(t))).ToList();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        return (measured.Average(m => m.Step), measured.Average(m => m.Image));
    }

    private static (double Step, double Image) MeasureOne(int seed)
    {
        const int steps = 1000, evalImages = 10_000;
        set_num_threads(1);
        using var scope = NewDisposeScope();
        using var model = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using (var g = new Generator((ulong)seed + 1)) model.Initialize(g);
        var masks = TrainingLoop.MaskTensors(model, Mask.Ones(model.PrunableLayers), CPU);
        using var optimizer = optim.Adam(model.parameters(), 1.2e-3);
        var x = randn(6000, 1, 28, 28);
        var y = randint(0, 10, 6000, dtype: ScalarType.Int64);
        var evalX = randn(evalImages, 1, 28, 28);
        var evalY = randint(0, 10, evalImages, dtype: ScalarType.Int64);
        var stepTimes = new List<double>();
        var imageTimes = new List<double>();
        for (var round = 0; round < 4; round++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++)
            {
                using var s = NewDisposeScope();
                var start = i * 60 % 6000;
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(x.narrow(0, start, 60)), y.narrow(0, start, 60));
                loss.backward();
                optimizer.step();
                TrainingLoop.ApplyMasks(model, masks);
                loss.item<float>();
            }
            stepTimes.Add(sw.Elapsed.TotalSeconds / steps);
            sw.Restart();
            Evaluation.LossAndAccuracy(model, evalX, evalY, 2000);
            imageTimes.Add(sw.Elapsed.TotalSeconds / evalImages);
        }
        foreach (var m in masks.Values) m.Dispose();
        // The first round warms up (JIT, allocator); the median of the other three.
        return (stepTimes.Skip(1).Order().ElementAt(1), imageTimes.Skip(1).Order().ElementAt(1));
    }

    private sealed class Recording(ITaskRunner inner, System.Collections.Concurrent.ConcurrentDictionary<string, TaskResult> results) : ITaskRunner
    {
        public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
        {
            var r = inner.Run(task, progress, cancellation);
            results[task.TaskId] = r;
            return r;
        }
    }
}
