using ActorSweep.Cluster.Artifacts;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Hosting;

/// <summary>What a worker node hosts: one trainer slot per entry of <see cref="Devices"/>.</summary>
/// <param name="RunnerForDevice">Creates the runner of a slot bound to a device (<c>cpu</c>, <c>cuda:0</c>).</param>
/// <param name="Devices">One device per slot; CPU slots repeat <c>cpu</c>.</param>
/// <param name="Artifacts">
/// Moves artifacts through the cluster into this node's cache (the runners must read and write
/// <see cref="ArtifactClient.Cache"/>'s layout); null when the runners share the study folder with
/// the coordinator (the embedded run, or a shared filesystem).
/// </param>
public sealed record WorkerRole(Func<string, ITaskRunner> RunnerForDevice, IReadOnlyList<string> Devices, ArtifactClient? Artifacts = null);
