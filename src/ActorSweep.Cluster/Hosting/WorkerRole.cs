using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Hosting;

/// <summary>What a worker node hosts: one trainer slot per entry of <see cref="Devices"/>.</summary>
/// <param name="RunnerForDevice">Creates the runner of a slot bound to a device (<c>cpu</c>, <c>cuda:0</c>).</param>
/// <param name="Devices">One device per slot; CPU slots repeat <c>cpu</c>.</param>
public sealed record WorkerRole(Func<string, ITaskRunner> RunnerForDevice, IReadOnlyList<string> Devices);
