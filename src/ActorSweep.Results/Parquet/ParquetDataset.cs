using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using Parquet.Schema;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// A dataset of a study folder (<c>trials</c>, <c>curves</c> …): a folder of Parquet parts sharing
/// one schema. This non-generic view is what the writer and the cleanup iterate over, so a new
/// dataset is one declaration in <see cref="ResultSchema"/> and needs no change to the writer.
/// </summary>
public abstract class ParquetDataset
{
    private protected ParquetDataset(string name, Func<StudyLayout, string> directory)
    {
        Name = name;
        _directory = directory;
    }

    private readonly Func<StudyLayout, string> _directory;

    /// <summary>The dataset's name, as in the folder name and the part footers.</summary>
    public string Name { get; }

    /// <summary>The Parquet schema of every part.</summary>
    public abstract ParquetSchema Schema { get; }

    /// <summary>The dataset's folder in a study (the names live in <see cref="StudyLayout"/>).</summary>
    public string DirectoryIn(StudyLayout layout) => _directory(layout);

    /// <summary>
    /// Extracts and validates this dataset's rows of a batch; null when the batch has none (no part
    /// is written then). Nothing touches the disk until the result is published.
    /// </summary>
    internal abstract PreparedPart? Prepare(IReadOnlyList<TaskRecord> batch);
}
