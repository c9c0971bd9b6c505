using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Hosting;

/// <summary>What a coordinator node hosts: the study's task graph and where results go.</summary>
public sealed record CoordinatorRole(TaskGraph Graph, IResultStore Store);
