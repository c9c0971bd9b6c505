namespace ActorSweep.Cli.Dashboard;

/// <summary>
/// <c>GET /api/studies/{study}/status</c>: where the study stands. <see cref="Source"/> is <c>live</c> (asked of the
/// running coordinator) or <c>journal</c> (replayed from the study's journal: a finished or crashed study, or a
/// coordinator that did not answer) or <c>rows</c> (a folder without a journal, such as <c>results/&lt;study&gt;</c>: rebuilt
/// from its Parquet rows). Documented in docs/dashboard-api.md.
/// </summary>
public sealed record StatusView(
    string Study,
    string Source,
    string? Coordinator,
    DateTimeOffset Updated,
    int Total,
    PhaseCounts Counts,
    int Finished,
    bool Done,
    double? EtaSeconds,
    IReadOnlyList<NodeView> Nodes,
    IReadOnlyList<ProblemView> Problems,
    IReadOnlyList<string> RecentFailures,
    string? Note)
{
    /// <summary>The coordinator that answers (live view): "pid 1234 on host-a, akka.tcp://…".</summary>
    public string? ActiveCoordinator { get; init; }

    /// <summary>Coordinators standing by to take the study over (PostgreSQL journal), as "pid 1234 on host-b".</summary>
    public IReadOnlyList<string> Standbys { get; init; } = Array.Empty<string>();

    /// <summary>Slots taken out of service because their task hung: "node slot-0: hung on task …".</summary>
    public IReadOnlyList<string> HungSlots { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Tasks per phase; <see cref="Running"/> are leased to a slot and started, <see cref="Queued"/> leased to a slot that holds
/// them behind its running task (live view only), <see cref="Committing"/> trained and being written.
/// </summary>
public sealed record PhaseCounts(int Pending, int Running, int Committing, int Completed, int Failed, int Skipped, int Queued = 0)
{
    /// <summary>Completed tasks whose result came from the task store (counted in <see cref="Completed"/> too).</summary>
    public int Reused { get; init; }
}

/// <summary>A node: its slots (idle ones with a null task), and whether it is in service.</summary>
public sealed record NodeView(string Address, bool InService, string? OutOfServiceReason, IReadOnlyList<SlotView> Slots);

/// <summary>A trainer slot and the task it runs (null when idle).</summary>
public sealed record SlotView(string Worker, TaskView? Task);

/// <summary>A running task and its progress (the iteration and validation accuracy of its last report).</summary>
public sealed record TaskView(string TaskId, string TrialId, string Model, string Method, string Branch, int Round, int Seed, int Attempt,
    int? Iteration, int? TotalIterations, double? ValAccuracy);

/// <summary>A failed, skipped or retried task with the last error or why it was skipped.</summary>
public sealed record ProblemView(string TaskId, string Model, string Method, string Branch, int Round, int Seed, string Phase, int Failures, string? Error);
