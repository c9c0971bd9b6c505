using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Runner;

namespace ActorSweep.Cli.Composition;

/// <summary>Task runners of this build.</summary>
public static class Runners
{
    /// <summary>A TorchSharp runner for one slot on <paramref name="device"/>.</summary>
    public static ITaskRunner Create(StudyLayout layout, string device, int threads) =>
        FaultInjection.Wrap(new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load, device, threads)));

    /// <summary>A TorchSharp runner for a worker node that serves any study under its output folder.</summary>
    public static ITaskRunner Create(Func<string, StudyLayout> layoutOf, string device, int threads) =>
        FaultInjection.Wrap(new TorchTaskRunner(new TorchRunnerOptions(layoutOf, DatasetRegistry.Load, device, threads)));
}
