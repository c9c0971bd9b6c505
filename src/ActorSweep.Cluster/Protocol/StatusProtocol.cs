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

    /// <summary>Where the coordinator logs (full errors and stack traces), when it writes a log file.</summary>
    public string? LogFile { get; init; }

    /// <summary>Tasks that reached a final phase.</summary>
    public int Finished => Counts.GetValueOrDefault(TaskPhase.Completed) + Counts.GetValueOrDefault(TaskPhase.Failed) + Counts.GetValueOrDefault(TaskPhase.Skipped);
}
