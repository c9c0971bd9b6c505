using ActorSweep.Bench;

// The benchmark harness: `dotnet run -c Release --project bench/ActorSweep.Bench -- [name…]`.
// Each benchmark measures its alternatives side by side in one run and prints ratios, because
// the machines are noisy and absolute numbers from different runs do not compare.
if (args is ["--child-worker", var seed, var startsFile])
{
    ClusterBench.ChildWorker(seed, startsFile);   // a worker process the cluster benchmark SIGKILLs
    return 0;
}
var benchmarks = new Dictionary<string, Action>(StringComparer.Ordinal)
{
    ["orchestration"] = OrchestrationBench.Run,
    ["masked-step"] = MaskedStepBench.Run,
    ["parquet"] = ParquetBench.Run,
    ["cluster"] = ClusterBench.Run,
    ["cluster-makespan"] = ClusterBench.Makespan,
    ["sparse-methods"] = SparseMethodsBench.Run,
    ["report"] = ReportBench.Run,
    ["scheduling"] = SchedulingBench.Run,
    ["slots"] = SlotUtilisationBench.Run,
    ["task-store"] = TaskStoreBench.Run,
    ["robustness"] = RobustnessBench.Run,
};
var chosen = args.Length == 0 ? benchmarks.Keys.ToArray() : args;
foreach (var name in chosen)
{
    if (!benchmarks.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"unknown benchmark '{name}'; known: {string.Join(", ", benchmarks.Keys)}");
        return 2;
    }
    Console.WriteLine($"== {name}");
    run();
}
return 0;
