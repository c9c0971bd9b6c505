using ActorSweep.Core.Layout;
using ActorSweep.Training.Data;

namespace ActorSweep.Training.Runner;

/// <summary>How a trainer slot trains: where artifacts live, how data loads, which device, how many threads.</summary>
/// <param name="Layout">The study folder (artifacts are read and written there).</param>
/// <param name="LoadData">Loads a dataset's splits by name and validation size (shared per process).</param>
/// <param name="Device"><c>cpu</c> or <c>cuda:N</c>.</param>
/// <param name="Threads">libtorch intra-op threads (process-wide; one per slot is fastest on CPU, see PLATFORM.md).</param>
public sealed record TorchRunnerOptions(StudyLayout Layout, Func<string, int, DataSplits> LoadData, string Device = "cpu", int Threads = 1);
