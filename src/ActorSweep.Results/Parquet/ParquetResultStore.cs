using ActorSweep.Core.Layout;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// The Parquet <see cref="IResultStore"/> the coordinator's result sink uses: writes through a
/// <see cref="ParquetResultWriter"/>, answers resume queries with <see cref="ResultReader"/>.
/// Not thread-safe, like the writer: one actor owns it.
/// </summary>
public sealed class ParquetResultStore : IResultStore
{
    private readonly StudyLayout _layout;
    private readonly ParquetResultWriter _writer;

    /// <summary>Opens the store; <paramref name="writerId"/> is unique per writing process (e.g. host-pid).</summary>
    public ParquetResultStore(StudyLayout layout, string writerId)
    {
        _layout = layout;
        _writer = new ParquetResultWriter(layout, writerId);
    }

    /// <inheritdoc />
    public void Write(IReadOnlyList<TaskRecord> records) => _writer.WriteBatch(records);

    /// <inheritdoc />
    public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults) => _writer.WriteFaults(faults);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> ExistingRows() => ResultReader.ReadRowStatuses(_layout);

    /// <inheritdoc />
    public IReadOnlySet<string> ExistingTaskIds() => ResultReader.ReadTaskIds(_layout);

    /// <summary>Task ids present in a study's <c>trials</c> dataset; see <see cref="ResultReader.ReadTaskIds"/>.</summary>
    public static IReadOnlySet<string> ReadTaskIds(StudyLayout layout) => ResultReader.ReadTaskIds(layout);
}
