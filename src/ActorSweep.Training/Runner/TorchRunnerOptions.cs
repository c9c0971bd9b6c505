using ActorSweep.Core.Layout;
using ActorSweep.Training.Data;

namespace ActorSweep.Training.Runner;

/// <summary>How a trainer slot trains: where artifacts live, how data loads, which device, how many threads.</summary>
/// <param name="LayoutOf">The folder of a study by name (artifacts are read and written there); a worker
/// node serving any study maps names under its <c>--out</c> folder (shared-filesystem mode).</param>
/// <param name="LoadData">Loads a dataset's splits by name and validation size (shared per process).</param>
/// <param name="Device"><c>cpu</c> or <c>cuda:N</c>.</param>
/// <param name="Threads">libtorch intra-op threads (process-wide; one per slot is fastest on CPU, see PLATFORM.md).</param>
public sealed record TorchRunnerOptions(Func<string, StudyLayout> LayoutOf, Func<string, int, DataSplits> LoadData, string Device = "cpu", int Threads = 1)
{
    /// <summary>Options for runs of one study folder.</summary>
    public TorchRunnerOptions(StudyLayout layout, Func<string, int, DataSplits> loadData, string device = "cpu", int threads = 1)
        : this(_ => layout, loadData, device, threads) { }
}
