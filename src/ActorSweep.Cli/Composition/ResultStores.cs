using ActorSweep.Core.Layout;
using ActorSweep.Core.Results;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Composition;

/// <summary>Result stores of this build.</summary>
public static class ResultStores
{
    /// <summary>The Parquet store of a study folder; the writer id is host and process, unique per writer.</summary>
    public static IResultStore Parquet(StudyLayout layout) =>
        new ParquetResultStore(layout, $"{Environment.MachineName}-{Environment.ProcessId}");
}
