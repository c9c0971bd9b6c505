using Parquet;
using Parquet.Schema;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// A Parquet dataset: a folder of parts with one schema. A part is written to <c>*.tmp</c>, flushed
/// to disk and renamed, so a reader globbing <c>*.parquet</c> only ever sees complete files.
/// </summary>
public sealed class ParquetDataset<TRow>
{
    /// <summary>Creates the dataset named <paramref name="name"/> with these columns, in order.</summary>
    public ParquetDataset(string name, IReadOnlyList<ColumnSpec<TRow>> columns)
    {
        Name = name;
        Columns = columns;
        Schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
    }

    /// <summary>Dataset (folder) name.</summary>
    public string Name { get; }

    /// <summary>The columns.</summary>
    public IReadOnlyList<ColumnSpec<TRow>> Columns { get; }

    /// <summary>The Parquet schema.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Writes <paramref name="rows"/> as one part at <paramref name="path"/> (atomically).</summary>
    public async Task WritePartAsync(string path, IReadOnlyList<TRow> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        await using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            await using (var writer = await ParquetWriter.CreateAsync(Schema, file).ConfigureAwait(false))
            {
                using var group = writer.CreateRowGroup();
                foreach (var c in Columns) await c.WriteAsync(group, rows).ConfigureAwait(false);
            }
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: false);
    }
}
