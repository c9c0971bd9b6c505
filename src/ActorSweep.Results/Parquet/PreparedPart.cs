using ActorSweep.Core.IO;
namespace ActorSweep.Results.Parquet;

/// <summary>
/// One part of a dataset, extracted and validated, ready to be written. Publishing writes it under
/// <c>&lt;name&gt;.tmp</c>, fsyncs it, renames it to its final name and fsyncs the folder, so a
/// reader globbing <c>*.parquet</c> sees the whole file (footer included) or nothing, and the part
/// survives a power loss once <see cref="Publish"/> returns.
/// </summary>
internal sealed class PreparedPart
{
    private readonly Func<Stream, Task> _write;

    public PreparedPart(ParquetDataset dataset, int rowCount, Func<Stream, Task> write)
    {
        Dataset = dataset;
        RowCount = rowCount;
        _write = write;
    }

    public ParquetDataset Dataset { get; }

    public int RowCount { get; }

    /// <summary>Writes the part to <paramref name="path"/> atomically and durably.</summary>
    public void Publish(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        try
        {
            using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                _write(file).GetAwaiter().GetResult();
                file.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: false);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        DirectorySync.Sync(dir);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
