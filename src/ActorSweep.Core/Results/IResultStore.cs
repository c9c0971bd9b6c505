using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Results;

/// <summary>
/// Durable storage of finished tasks (Parquet in production). <see cref="Write"/> returns only once
/// the batch is durable and visible to readers; the coordinator marks a task completed only after it.
/// </summary>
public interface IResultStore
{
    /// <summary>Writes a batch of records durably (all or nothing).</summary>
    void Write(IReadOnlyList<TaskRecord> records);

    /// <summary>Writes node faults durably (the <c>faults</c> dataset).</summary>
    void WriteFaults(IReadOnlyList<NodeFaultRecord> faults);

    /// <summary>
    /// The status (<see cref="TaskStatuses"/>) of every task that already has a row: what a restarted
    /// coordinator reconciles its journal with, so no result is written or run twice.
    /// </summary>
    IReadOnlyDictionary<string, string> ExistingRows();

    /// <summary>Task ids that already have a row.</summary>
    IReadOnlySet<string> ExistingTaskIds() => ExistingRows().Keys.ToHashSet(StringComparer.Ordinal);
}
