using System.Diagnostics;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Results;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Bench;

/// <summary>
/// Critical-path scheduling against the graph order, on two no-op study shapes: experiments/lth-lenet-mnist.hocon's
/// (5 seeds × 18 rounds, main + random re-init) and a mixed one (the same IMP chains plus 80 independent one-shot
/// SNIP and random-pruning tasks listed before them). Each task's duration is its expected work. Reported as makespan ÷
/// the lower bound max(critical path, total work ÷ slots): first by simulating the coordinator's own state machine
/// (exact, no overhead), then on the real embedded node with 4 slots whose runner sleeps 100 ms per 50,000 iterations.
/// </summary>
public static class SchedulingBench
{
    private const int Slots = 4;
    private static readonly TimeSpan PerTask = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        var shapes = new[]
        {
            ("lth-lenet-mnist shape (5 seeds × 18 rounds + re-init)", Shape("""{ name = imp, rounds = 18, strategy = layerwise, rate-fc = 0.2, rate-output = 0.1, controls = [random-reinit] }""")),
            ("mixed (80 one-shot SNIP/random tasks first, then the same IMP chains)", Shape("""
                { name = snip }, { name = random },
                { name = imp, rounds = 18, strategy = layerwise, rate-fc = 0.2, rate-output = 0.1, controls = [random-reinit] }
                """, "grid { method.sparsity = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99] }")),
        };
        foreach (var (label, graph) in shapes)
        {
            var work = graph.Tasks.ToDictionary(t => t.TaskId, t => graph.CriticalPath[t.TaskId] - graph.Tasks.Where(c => c.ParentTaskIds.Contains(t.TaskId)).Select(c => graph.CriticalPath[c.TaskId]).DefaultIfEmpty(0).Max());
            var bound = Math.Max(graph.CriticalPath.Values.Max(), work.Values.Sum() / (double)Slots);
            var unit = work.Values.Min();
            Console.WriteLine($"scheduling, {label}: {graph.Tasks.Count} tasks on {Slots} slots, lower bound {bound / unit:0.0} task-lengths " +
                              $"(critical path {graph.CriticalPath.Values.Max() / unit}, total work ÷ slots {work.Values.Sum() / (double)Slots / unit:0.0})");
            foreach (var order in new[] { Scheduling.GraphOrder, Scheduling.CriticalPath })
            {
                var simulated = Simulate(graph, work, order);
                var real = OnNode(graph, work, unit, order);
                var realBound = bound / unit * PerTask.TotalSeconds;
                Console.WriteLine($"  {Name(order),-13} simulated makespan/bound = {simulated / bound:0.000}; on the embedded node {real.TotalSeconds:0.00} s vs bound {realBound:0.00} s → {real.TotalSeconds / realBound:0.000}");
            }
        }
    }

    private static string Name(Scheduling s) => s == Scheduling.CriticalPath ? "critical-path" : "graph-order";

    private static TaskGraph Shape(string methods, string grid = "") => TaskGraph.Build(new StudyLoader(StudyCatalog.Any).LoadText($$"""
        name = shape
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2, 3, 4, 5]
        training { iterations = 50000, eval-every = 100, validation-size = 5000 }
        methods = [ {{methods}} ]
        {{grid}}
        """));

    /// <summary>The coordinator's state machine with <see cref="Slots"/> slots and exact durations: the makespan in work units.</summary>
    private static double Simulate(TaskGraph graph, IReadOnlyDictionary<string, long> work, Scheduling order)
    {
        var s = CoordinatorState.For(graph, scheduling: order);
        var running = new PriorityQueue<(string Task, string Worker, int Attempt), (long End, int Slot)>();
        var free = new Queue<int>(Enumerable.Range(0, Slots));
        long now = 0;
        while (!s.IsFinished)
        {
            while (free.Count > 0)
            {
                var slot = free.Peek();
                var d = s.Decide(new LeaseTask($"w{slot}", "n"));
                s = s.ApplyAll(d.Events);
                var send = d.Effects.OfType<SendTask>().SingleOrDefault();
                if (send is null) break;
                free.Dequeue();
                running.Enqueue((send.TaskId, $"w{slot}", send.Attempt), (now + work[send.TaskId], slot));
            }
            if (!running.TryDequeue(out var done, out var at)) throw new InvalidOperationException("the simulation stalled");
            now = at.End;
            var record = new TaskRecord(s.Tasks[done.Task].Spec, TaskStatuses.Completed, null, done.Attempt, "n", DateTime.UnixEpoch, DateTime.UnixEpoch, null);
            s = s.ApplyAll(s.Decide(new FinishAttempt(record)).Events);
            s = s.ApplyAll(s.Decide(new ConfirmCommit(done.Task, done.Attempt)).Events);
            free.Enqueue(at.Slot);
        }
        return now;
    }

    private static TimeSpan OnNode(TaskGraph graph, IReadOnlyDictionary<string, long> work, long unit, Scheduling order)
    {
        var runner = new WorkRunner(id => PerTask * (work[id] / (double)unit));
        var options = new NodeOptions { ExtraConfig = $"actorsweep.scheduling = {Name(order)}" }.Quiet();
        var node = SweepNode.Start(options, new CoordinatorRole(graph, new NullStore()), new WorkerRole(_ => runner, Enumerable.Repeat("cpu", Slots).ToArray()), TimeProvider.System);
        while (runner.FirstStart is null) Thread.Sleep(1);
        node.WaitUntilDoneAsync(CancellationToken.None).GetAwaiter().GetResult();
        var makespan = Stopwatch.GetElapsedTime(runner.FirstStart.Value);
        node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return makespan;
    }

    private sealed class WorkRunner(Func<string, TimeSpan> duration) : ITaskRunner
    {
        private long _first;

        public long? FirstStart => Interlocked.Read(ref _first) is var f && f != 0 ? f : null;

        public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
        {
            Interlocked.CompareExchange(ref _first, Stopwatch.GetTimestamp(), 0);
            cancellation.WaitHandle.WaitOne(duration(task.TaskId));
            return new TaskResult(1, 1, 1, 0, 0, 0, 0, 0, 0, "cpu", Array.Empty<CurvePoint>());
        }
    }

    private sealed class NullStore : IResultStore
    {
        public void Write(IReadOnlyList<TaskRecord> records) { }

        public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults) { }

        public IReadOnlyDictionary<string, string> ExistingRows() => new Dictionary<string, string>();
    }
}
