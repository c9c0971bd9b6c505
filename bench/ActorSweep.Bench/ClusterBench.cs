using System.Diagnostics;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Bench;

/// <summary>
/// Cluster overheads with nodes as separate ActorSystems talking over loopback TCP (messages are
/// serialized as between processes): 50 ms no-op tasks on 2 worker nodes × 2 slots, makespan against
/// the ideal, counted from the moment both workers are up; a coordinator restart over a SQLite journal
/// of more than 10,000 events, to the first task dispatched again; a worker node that crashes, to
/// its tasks running on the other node.
/// </summary>
public static class ClusterBench
{
    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        Makespan();
        RestartToFirstDispatch();
        WorkerDeathToRedispatch();
    }

    private static void RestartToFirstDispatch()
    {
        const int tasks = 6000;
        var graph = OrchestrationBench.Study("dense", "", tasks);
        var layout = new ActorSweep.Core.Layout.StudyLayout(Directory.CreateTempSubdirectory("actorsweep-bench-restart").FullName);
        var journal = new JournalSettings.Sqlite(layout.JournalFile);
        var store = new IdStore();
        var first = new SleepRunner(TimeSpan.Zero);
        var node = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, store, journal), new WorkerRole(_ => first, new[] { "cpu", "cpu" }), TimeProvider.System);
        while (store.Count < 3500) Thread.Sleep(20);
        node.System.Terminate().Wait();   // a crash: no flush, leases in flight
        var events = JournalEvents(layout.JournalFile);

        ActorSweep.Cluster.Coordinator.JournalStatus.ReadAsync(graph, journal).GetAwaiter().GetResult();   // warm-up (JIT, plugin)
        var replay = Stopwatch.StartNew();
        ActorSweep.Cluster.Coordinator.JournalStatus.ReadAsync(graph, journal).GetAwaiter().GetResult();
        replay.Stop();

        var second = new SleepRunner(TimeSpan.Zero);
        var restart = Stopwatch.GetTimestamp();
        var resumed = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, store, journal), new WorkerRole(_ => second, new[] { "cpu", "cpu" }), TimeProvider.System);
        while (second.FirstStart is null) Thread.Sleep(1);
        var toDispatch = Stopwatch.GetElapsedTime(restart, second.FirstStart.Value);
        Console.WriteLine($"coordinator restart over a SQLite journal of {events:N0} events ({store.Count:N0} of {tasks:N0} tasks done): " +
                          $"first task re-dispatched {toDispatch.TotalMilliseconds:0} ms after the node started (ActorSystem, cluster join, singleton, replay, " +
                          $"reconciliation with the result store); a read-only replay of the same journal (own ActorSystem, warm) {replay.ElapsedMilliseconds} ms " +
                          $"({events / replay.Elapsed.TotalSeconds:N0} events/s)");
        resumed.System.Terminate().Wait();
        Directory.Delete(layout.Root, recursive: true);
    }

    /// <summary>
    /// A worker process is SIGKILLed while it holds two tasks: no actor stops, no connection closes
    /// cleanly, so the cluster has to detect it (failure detector), down it (split-brain resolver)
    /// and the coordinator re-queue its leases. The doomed worker is a child process (this program
    /// with <c>--child-worker</c>); the coordinator and the surviving worker are in this process.
    /// </summary>
    private static void WorkerDeathToRedispatch()
    {
        var graph = OrchestrationBench.Study("dense", "", 12);
        var coordinator = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, new NullStore()), null, TimeProvider.System);
        var startsFile = Path.GetTempFileName();
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(ClusterBench).Assembly.Location);
        foreach (var a in new[] { "--child-worker", coordinator.Address, startsFile }) psi.ArgumentList.Add(a);
        using var child = Process.Start(psi)!;
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        List<string> held;
        while ((held = File.ReadAllLines(startsFile).Where(l => l.Length > 0).ToList()).Count < 2) Thread.Sleep(20);
        var survivorRunner = new SleepRunner(TimeSpan.FromMilliseconds(10));
        var survivor = SweepNode.Start(new NodeOptions(Seeds: new[] { coordinator.Address }), null,
            new WorkerRole(_ => survivorRunner, new[] { "cpu", "cpu" }), TimeProvider.System);
        while (survivorRunner.Started.Count < graph.Tasks.Count - 2) Thread.Sleep(10);   // everything else is done; the survivor idles
        var crash = Stopwatch.GetTimestamp();
        child.Kill();   // SIGKILL
        child.WaitForExit();
        while (!held.All(survivorRunner.Started.ContainsKey)) Thread.Sleep(5);
        var rerun = held.Select(id => Stopwatch.GetElapsedTime(crash, survivorRunner.Started[id])).Max();
        Console.WriteLine($"worker process SIGKILLed → its {held.Count} tasks running on the other node after {rerun.TotalSeconds:0.0} s " +
                          "(failure detector acceptable-heartbeat-pause 6 s, split-brain resolver stable-after 7 s, then re-dispatch)");
        survivor.DisposeAsync().AsTask().GetAwaiter().GetResult();
        coordinator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(startsFile);
    }

    /// <summary>The doomed worker of <see cref="WorkerDeathToRedispatch"/>: two slots whose tasks never end; appends each started task id to a file.</summary>
    public static void ChildWorker(string seed, string startsFile)
    {
        var runner = new SleepRunner(TimeSpan.FromHours(1), id => { lock (startsFile) File.AppendAllText(startsFile, id + "\n"); });
        _ = SweepNode.Start(new NodeOptions(Seeds: new[] { seed }), null, new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System);
        Thread.Sleep(Timeout.Infinite);
    }

    private static long JournalEvents(string file)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly");
        db.Open();
        using var tables = db.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%journal%' AND name NOT LIKE '%tag%'";
        var table = (string)tables.ExecuteScalar()!;
        using var count = db.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)count.ExecuteScalar()!;
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

    private sealed class SleepRunner(TimeSpan duration, Action<string>? onStart = null) : ITaskRunner
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<long> _starts = new();

        public System.Collections.Concurrent.ConcurrentDictionary<string, long> Started { get; } = new();

        public long? FirstStart { get; private set; }

        public int StartedAfter(long timestamp) => _starts.Count(s => s >= timestamp);

        public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
        {
            var now = Stopwatch.GetTimestamp();
            _starts.Add(now);
            Started.TryAdd(task.TaskId, now);
            FirstStart ??= now;
            onStart?.Invoke(task.TaskId);
            cancellation.WaitHandle.WaitOne(duration);
            cancellation.ThrowIfCancellationRequested();
            return new TaskResult(1, 1, 1, 0, 0, 0, 0, 0, duration.TotalSeconds, "cpu", Array.Empty<CurvePoint>());
        }
    }

    /// <summary>Keeps the task ids of written rows, like the Parquet store's resume query, without the I/O.</summary>
    private sealed class IdStore : IResultStore
    {
        private readonly HashSet<string> _ids = new();

        public int Count { get { lock (_ids) return _ids.Count; } }

        public void Write(IReadOnlyList<TaskRecord> records) { lock (_ids) foreach (var r in records) _ids.Add(r.Spec.TaskId); }

        public IReadOnlyDictionary<string, string> ExistingRows() { lock (_ids) return _ids.ToDictionary(id => id, _ => TaskStatuses.Completed); }
    }

    private sealed class NullStore : IResultStore
    {
        public void Write(IReadOnlyList<TaskRecord> records) { }

        public IReadOnlyDictionary<string, string> ExistingRows() => new Dictionary<string, string>();
    }
}
