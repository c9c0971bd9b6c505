using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Hosting;

/// <summary>What a coordinator node hosts: the study's task graph, where results go, and its journal.</summary>
/// <param name="Graph">The study's tasks (rebuilt from the study file on every start).</param>
/// <param name="Store">Durable results.</param>
/// <param name="JournalFile">SQLite journal of the coordinator's events; null keeps them in memory (no resume).</param>
public sealed record CoordinatorRole(TaskGraph Graph, IResultStore Store, string? JournalFile = null);
