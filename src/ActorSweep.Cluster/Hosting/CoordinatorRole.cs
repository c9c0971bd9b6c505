using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Hosting;

/// <summary>What a coordinator node hosts: the study's task graph, where results go, and its journal.</summary>
/// <param name="Graph">The study's tasks (rebuilt from the study file on every start).</param>
/// <param name="Store">Durable results.</param>
/// <param name="Journal">Where the coordinator's events go; null keeps them in memory (no resume).</param>
/// <param name="ArtifactsRoot">The study folder's <c>artifacts/</c>, served to workers that have no shared filesystem; null = none served.</param>
public sealed record CoordinatorRole(TaskGraph Graph, IResultStore Store, JournalSettings? Journal = null, string? ArtifactsRoot = null)
{
    /// <summary>The coordinator's log file, named in its status; null when it logs to no file.</summary>
    public string? LogFile { get; init; }

    /// <summary>The task store the coordinator consults and fills; null = none (every task is trained, none is stored).</summary>
    public Store.TaskReuse? Reuse { get; init; }

    /// <summary>
    /// The results version this coordinator accepts slots of: the build's own (<see cref="Core.Study.ResultsVersion.Current"/>).
    /// Code can set another only to stand for a coordinator of another build (tests of the refusal).
    /// </summary>
    public int ResultsVersion { get; init; } = Core.Study.ResultsVersion.Current;

    /// <summary>Lists the study's standby coordinators (the sessions waiting for its PostgreSQL journal lock); null = none can exist.</summary>
    public Func<IReadOnlyList<string>>? Standbys { get; init; }

    /// <summary>The journal in use.</summary>
    public JournalSettings JournalOrDefault => Journal ?? new JournalSettings.InMemory();
}
