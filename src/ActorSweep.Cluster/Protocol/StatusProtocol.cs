using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Protocol;

/// <summary>Asks the coordinator for a <see cref="StudyStatus"/>.</summary>
public sealed record GetStatus
{
    /// <summary>The single instance.</summary>
    public static readonly GetStatus Instance = new();
}

/// <summary>One running task, for the live view and <c>status</c>.</summary>
public sealed record RunningTask(TaskSpec Spec, string Worker, string Node, int Attempt, TaskProgress? Progress);

/// <summary>A trainer slot the coordinator knows: its actor path and the node it runs on.</summary>
public sealed record SlotInfo(string Worker, string Node);

/// <summary>A task that failed for good, was skipped, or failed an attempt and will be retried; with the last error or why it was skipped.</summary>
public sealed record TaskProblem(TaskSpec Spec, TaskPhase Phase, int Failures, string? Error);

/// <summary>
/// A snapshot of the study: tasks per phase, what runs where, recent failures, and whether every
/// result is durable (<see cref="Done"/>).
/// </summary>
public sealed record StudyStatus(
    string Study,
    int Total,
    IReadOnlyDictionary<TaskPhase, int> Counts,
    IReadOnlyList<RunningTask> Running,
    IReadOnlyList<string> RecentFailures,
    bool Done)
{
    /// <summary>Nodes taken out of service for faulting too often, with why (they get no more tasks).</summary>
    public IReadOnlyDictionary<string, string> ExcludedNodes { get; init; } = new Dictionary<string, string>();

    /// <summary>Completed tasks whose result came from the task store instead of being trained (counted in <see cref="Counts"/> as completed).</summary>
    public int Reused { get; init; }

    /// <summary>Where the coordinator logs (full errors and stack traces), when it writes a log file.</summary>
    public string? LogFile { get; init; }

    /// <summary>Every trainer slot that has asked for work and not stopped, idle or busy.</summary>
    public IReadOnlyList<SlotInfo> Slots { get; init; } = Array.Empty<SlotInfo>();

    /// <summary>Failed, skipped and retried tasks with their reasons, in graph order.</summary>
    public IReadOnlyList<TaskProblem> Problems { get; init; } = Array.Empty<TaskProblem>();

    /// <summary>
    /// Leased tasks a slot holds queued behind its running one (prefetched, not started); not in <see cref="Running"/>,
    /// but counted in <see cref="Counts"/> as <see cref="TaskPhase.Leased"/>.
    /// </summary>
    public IReadOnlyList<RunningTask> Queued { get; init; } = Array.Empty<RunningTask>();

    /// <summary>
    /// Set while tasks are ready and no trainer slot is in the cluster (every worker lost, or none joined yet): since when
    /// (UTC) and how many tasks wait. The console, <c>status</c> and the dashboard say it plainly.
    /// </summary>
    public NoSlots? Stalled { get; init; }

    /// <summary>Trainer slots taken out of service because their task hung (the progress watchdog), with why; their workers exit once idle.</summary>
    public IReadOnlyList<SlotOut> HungSlots { get; init; } = Array.Empty<SlotOut>();

    /// <summary>Coordinators standing by to take this study over (PostgreSQL journal), as "pid 1234 on host-b".</summary>
    public IReadOnlyList<string> Standbys { get; init; } = Array.Empty<string>();

    /// <summary>The coordinator that answers: "pid 1234 on host-a, akka.tcp://…"; null when not known.</summary>
    public string? ActiveCoordinator { get; init; }

    /// <summary>Leased tasks that have started (the leased ones less those queued on slots).</summary>
    public int RunningCount => Counts.GetValueOrDefault(TaskPhase.Leased) - Queued.Count;

    /// <summary>Tasks that reached a final phase.</summary>
    public int Finished => Counts.GetValueOrDefault(TaskPhase.Completed) + Counts.GetValueOrDefault(TaskPhase.Failed) + Counts.GetValueOrDefault(TaskPhase.Skipped);
}

/// <summary><paramref name="Ready"/> tasks wait and no trainer slot has been in the cluster since <paramref name="Since"/> (UTC).</summary>
public sealed record NoSlots(DateTime Since, int Ready)
{
    /// <summary>"3 tasks ready and no trainer slot in the cluster since 12:00:03 UTC (40 s): start a worker, or wait for lost workers to rejoin".</summary>
    public string Describe(DateTime now) =>
        $"{Ready} task(s) ready and no trainer slot in the cluster since {Since:HH:mm:ss} UTC ({(now - Since).TotalSeconds:0} s): " +
        "start a worker (actorsweep worker --seed HOST:PORT), or wait for lost workers to rejoin";
}

/// <summary>A trainer slot taken out of service: its path, its node and why.</summary>
public sealed record SlotOut(string Worker, string Node, string Reason)
{
    /// <summary>"akka.tcp://actorsweep@host:port slot-0: hung on task … attempt 1: …".</summary>
    public string Describe() => $"{Node} {Worker.Split('/').Last()}: {Reason}";
}
