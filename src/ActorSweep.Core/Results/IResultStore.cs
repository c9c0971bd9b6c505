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

    /// <summary>Task ids that already have a row (used on resume, so no result is written twice).</summary>
    IReadOnlySet<string> ExistingTaskIds();
}
