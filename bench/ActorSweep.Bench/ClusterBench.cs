using System.Diagnostics;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Bench;

/// <summary>
/// Cluster overheads with nodes as separate ActorSystems talking over loopback TCP (messages are
/// serialized as between processes): 50 ms no-op tasks on 2 worker nodes × 2 slots, makespan against
/// the ideal, counted from the moment both workers are up; a coordinator restart over a SQLite journal
/// of 100,000 events, with and without snapshots, to the first task dispatched again; a worker node that
/// crashes, to its tasks running on the other node.
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

    /// <summary>
    /// A coordinator restart over a SQLite journal of 100,000 events (33,333 tasks leased, committed and
    /// completed of 40,000), once with the snapshots the coordinator takes every <c>snapshot-every</c> (5,000)
    /// events and once without: from node start to the first task dispatched again.
    /// </summary>
    private static void RestartToFirstDispatch()
    {
        const int tasks = 40_000, done = 33_333;
        var graph = OrchestrationBench.Study("dense", "", tasks);
        var events = new List<ICoordinatorEvent> { new StudyStarted(graph.Fingerprint, tasks) };
        foreach (var t in graph.Tasks.Take(done))
            events.AddRange(new ICoordinatorEvent[] { new TaskLeased(t.TaskId, "w", "n", 1), new TaskCommitting(t.TaskId, 1), new TaskCompleted(t.TaskId, 1) });
        var figures = new List<string>();
        foreach (var snapshots in new[] { true, false })
        {
            var layout = new ActorSweep.Core.Layout.StudyLayout(Directory.CreateTempSubdirectory("actorsweep-bench-restart").FullName);
            var journal = new JournalSettings.Sqlite(layout.JournalFile);
            var write = Stopwatch.StartNew();
            WriteJournal(journal, journal.PersistenceIdFor(graph.Study), events, CoordinatorState.For(graph), snapshots ? 5000 : 0);
            write.Stop();
            var store = new IdStore();
            store.Write(graph.Tasks.Take(done).Select(t => new TaskRecord(t, TaskStatuses.Completed, null, 1, "n", DateTime.UtcNow, DateTime.UtcNow, null)).ToList());
            var config = Path.GetTempFileName();
            File.WriteAllText(config, $"actorsweep.snapshot-every = {(snapshots ? 5000 : int.MaxValue)}");

            ActorSweep.Cluster.Coordinator.JournalStatus.ReadAsync(graph, journal).GetAwaiter().GetResult();   // warm-up (JIT, plugin)
            var replay = Stopwatch.StartNew();
            ActorSweep.Cluster.Coordinator.JournalStatus.ReadAsync(graph, journal).GetAwaiter().GetResult();
            replay.Stop();

            var runner = new SleepRunner(TimeSpan.Zero);
            var restart = Stopwatch.GetTimestamp();
            var resumed = SweepNode.Start(new NodeOptions(ConfigFile: config).Quiet(), new CoordinatorRole(graph, store, journal), new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System);
            while (runner.FirstStart is null) Thread.Sleep(1);
            var toDispatch = Stopwatch.GetElapsedTime(restart, runner.FirstStart.Value);
            resumed.System.Terminate().Wait();
            figures.Add($"{(snapshots ? "with snapshots every 5,000 events" : "without snapshots")}: first task re-dispatched {toDispatch.TotalMilliseconds:0} ms after the node started " +
                        $"(a read-only replay {replay.ElapsedMilliseconds} ms; writing the journal took {write.Elapsed.TotalSeconds:0.0} s)");
            Directory.Delete(layout.Root, recursive: true);
            File.Delete(config);
        }
        Console.WriteLine($"coordinator restart over a SQLite journal of {events.Count:N0} events ({done:N0} of {tasks:N0} tasks done; " +
                          $"ActorSystem, cluster join, singleton, replay, reconciliation with the result store):");
        foreach (var f in figures) Console.WriteLine($"  {f}");
    }

    /// <summary>Writes a coordinator's journal directly (as the coordinator would have, snapshots included), fast.</summary>
    private static void WriteJournal(JournalSettings journal, string persistenceId, IReadOnlyList<ICoordinatorEvent> events, CoordinatorState state, int snapshotEvery)
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = ERROR").WithFallback(journal.ToAkkaConfig()).WithFallback(SweepConfig.Local());
        using var system = Akka.Actor.ActorSystem.Create("journal-writer", config);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Akka.Actor.Props.Create(() => new JournalWriter(persistenceId, events, state, snapshotEvery, done)));
        done.Task.Wait();
        system.Terminate().Wait();
    }

    /// <summary>A persistent actor with the coordinator's persistence id that writes given events and snapshots.</summary>
    private sealed class JournalWriter : Akka.Persistence.ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, IReadOnlyList<ICoordinatorEvent> events, CoordinatorState state, int snapshotEvery, TaskCompletionSource done)
        {
            PersistenceId = persistenceId;
            var written = 0;
            var pendingSnapshots = 0;
            var allWritten = false;
            void CheckDone() { if (allWritten && pendingSnapshots == 0) done.TrySetResult(); }
            Recover<Akka.Persistence.RecoveryCompleted>(_ =>
            {
                foreach (var chunk in events.Chunk(1000))
                    PersistAll(chunk, e =>
                    {
                        state = state.Apply(e);
                        written++;
                        if (snapshotEvery > 0 && written % snapshotEvery == 0) { pendingSnapshots++; SaveSnapshot(state.ToSnapshot()); }
                        if (written == events.Count) { allWritten = true; CheckDone(); }
                    });
            });
            Recover<object>(_ => throw new InvalidOperationException("the benchmark journal must start empty"));
            Command<Akka.Persistence.SaveSnapshotSuccess>(_ => { pendingSnapshots--; CheckDone(); });
            Command<Akka.Persistence.SaveSnapshotFailure>(f => done.TrySetException(f.Cause));
        }

        public override string PersistenceId { get; }
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
        var coordinator = SweepNode.Start(new NodeOptions().Quiet(), new CoordinatorRole(graph, new NullStore()), null, TimeProvider.System);
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
        var survivor = SweepNode.Start(new NodeOptions(Seeds: new[] { coordinator.Address }).Quiet(), null,
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
        _ = SweepNode.Start(new NodeOptions(Seeds: new[] { seed }).Quiet(), null, new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System);
        Thread.Sleep(Timeout.Infinite);
    }

    /// <summary>
    /// The makespan of 50 ms no-op tasks on 2 worker nodes × 2 slots against the ideal (also alone: <c>cluster-makespan</c>),
    /// with slots that ask ahead and hold their next lease queued (<c>actorsweep.prefetch = on</c>, the default) and without,
    /// interleaved in one run (the machine is noisy).
    /// </summary>
    public static void Makespan()
    {
        var (off, on) = PrefetchComparison.Run(MakespanOnce);
        static string Figures(IReadOnlyList<double> ratios) => string.Join(" / ", ratios.Select(r => r.ToString("0.000")));
        Console.WriteLine($"cluster makespan/ideal, prefetch off: {Figures(off)}; prefetch on: {Figures(on)} " +
                          $"→ on/off = {on.Average() / off.Average():0.000} (means of two runs each, interleaved)");
    }

    private static double MakespanOnce(bool prefetch)
    {
        const int tasks = 800;
        var graph = OrchestrationBench.Study("dense", "", tasks);
        var coordinator = SweepNode.Start(new NodeOptions().Quiet(), new CoordinatorRole(graph, new NullStore()), null, TimeProvider.System);
        var runners = Enumerable.Range(0, 2).Select(_ => new SleepRunner(TimeSpan.FromMilliseconds(50))).ToList();
        var started = Stopwatch.GetTimestamp();
        var workers = runners.Select(runner => SweepNode.Start((new NodeOptions(Seeds: new[] { coordinator.Address }) { ExtraConfig = $"actorsweep.prefetch = {(prefetch ? "on" : "off")}" }).Quiet(),
            null, new WorkerRole(_ => runner, new[] { "cpu", "cpu" }), TimeProvider.System)).ToList();
        coordinator.WaitUntilDoneAsync(CancellationToken.None).GetAwaiter().GetResult();
        var end = Stopwatch.GetTimestamp();
        // Both workers are up once each has had its second slot busy (joining the cluster takes a second or two,
        // which is not orchestration): tasks started from then on are counted.
        var bothUp = runners.Max(r => r.NthStart(2));
        var counted = runners.Sum(r => r.StartedAfter(bothUp));
        var makespan = Stopwatch.GetElapsedTime(bothUp, end);
        var ideal = TimeSpan.FromMilliseconds(50.0 * counted / 4);
        Console.WriteLine($"cluster makespan, prefetch {(prefetch ? "on" : "off")}: {counted} no-op tasks of 50 ms (started after both workers were up, " +
                          $"{Stopwatch.GetElapsedTime(started, bothUp).TotalSeconds:0.00} s after they were started) on 2 worker nodes × 2 slots: " +
                          $"{makespan.TotalSeconds:0.00} s vs ideal {ideal.TotalSeconds:0.00} s → makespan/ideal = {makespan / ideal:0.000}, " +
                          $"overhead {(makespan - ideal).TotalMilliseconds * 4 / counted:0.0} ms per task (Ray Tune's published figure: 14.4 %, ≈144 ms per trial)");
        foreach (var w in workers) w.DisposeAsync().AsTask().GetAwaiter().GetResult();
        coordinator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return makespan / ideal;
    }

    private sealed class SleepRunner(TimeSpan duration, Action<string>? onStart = null) : ITaskRunner
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<long> _starts = new();

        public System.Collections.Concurrent.ConcurrentDictionary<string, long> Started { get; } = new();

        public long? FirstStart { get; private set; }

        public int StartedAfter(long timestamp) => _starts.Count(s => s >= timestamp);

        public long NthStart(int n) => _starts.Order().ElementAt(n - 1);

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

        public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults) { }

        public IReadOnlyDictionary<string, string> ExistingRows() { lock (_ids) return _ids.ToDictionary(id => id, _ => TaskStatuses.Completed); }
    }

    private sealed class NullStore : IResultStore
    {
        public void Write(IReadOnlyList<TaskRecord> records) { }

        public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults) { }

        public IReadOnlyDictionary<string, string> ExistingRows() => new Dictionary<string, string>();
    }
}
