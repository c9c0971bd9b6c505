using ActorSweep.Core.IO;
using Parquet;
using Parquet.Schema;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// Folds a dataset's many small parts into one, so a long study (one small part per finished task) stays quick to
/// read. The merged part holds the parts' rows in sequence order in one row group, copied value by value with their
/// definition and repetition levels (Parquet.Net's raw column API), and is named for the range it covers
/// (<c>part-000001-000064-writer.parquet</c>).
/// </summary>
/// <remarks>
/// Readers glob <c>&lt;dataset&gt;/*.parquet</c>, so replacing 64 files by one file must never show both or neither.
/// The new content is built in a sibling folder (hard links of every part that stays, plus the merged part), fsynced,
/// and exchanged with the live folder in one <c>renameat2(RENAME_EXCHANGE)</c>; the old content, now in the sibling,
/// is kept as the dataset's retired folder until the next compaction of that dataset: a reader that listed the folder
/// just before the exchange may be reading that very directory, and deleting it under the reader showed it a part of
/// the rows, or none. A crash leaves the live folder whole (old or new) and siblings that the next writer deletes. Where
/// the exchange is not available, nothing is compacted. Only parts whose schema is the dataset's current one are merged.
/// </remarks>
internal static class PartCompaction
{
    /// <summary>The sibling folder compaction builds in (hidden from <c>study/*/</c> globs).</summary>
    public static string StagingDir(string datasetDir) => Sibling(datasetDir, "compacting");

    /// <summary>The sibling folder the content a compaction replaced is kept in until the next one (hidden like the staging folder).</summary>
    public static string RetiredDir(string datasetDir) => Sibling(datasetDir, "retired");

    /// <summary>The hidden folder <c>.&lt;dataset&gt;.&lt;role&gt;</c> beside a dataset's folder.</summary>
    private static string Sibling(string datasetDir, string role)
    {
        var dir = Path.TrimEndingDirectorySeparator(datasetDir);
        return Path.Combine(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}.{role}");
    }

    /// <summary>
    /// Merges <paramref name="parts"/> (full paths in <paramref name="datasetDir"/>, in sequence order) into one part
    /// named <paramref name="mergedName"/>. Returns false when the exchange is not available (nothing changed).
    /// </summary>
    public static bool Compact(ParquetDataset dataset, string datasetDir, IReadOnlyList<string> parts, string mergedName)
    {
        var staging = StagingDir(datasetDir);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            var merged = new HashSet<string>(parts.Select(Path.GetFileName)!, StringComparer.Ordinal);
            foreach (var keep in PartFiles.In(datasetDir).Where(p => !merged.Contains(Path.GetFileName(p))))
                DirectoryExchange.HardLink(keep, Path.Combine(staging, Path.GetFileName(keep)));
            var target = Path.Combine(staging, mergedName);
            using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                MergeAsync(dataset, parts, file).GetAwaiter().GetResult();
                file.Flush(flushToDisk: true);
            }
            DirectorySync.Sync(staging);
            if (!DirectoryExchange.TryExchange(staging, datasetDir))
            {
                Directory.Delete(staging, recursive: true);
                return false;
            }
            DirectorySync.Sync(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(datasetDir))!);
        }
        catch
        {
            // The live folder is untouched unless the exchange happened; either way it is whole.
            if (Directory.Exists(staging)) TryDelete(staging);
            throw;
        }
        // The old content: kept (a reader may be listing it), and the content the compaction before replaced goes now.
        var retired = RetiredDir(datasetDir);
        TryDelete(retired);
        try { Directory.Move(staging, retired); }
        catch (IOException) { TryDelete(staging); }
        return true;
    }

    /// <summary>True when <paramref name="path"/>'s schema is <paramref name="dataset"/>'s current one (same leaf fields).</summary>
    public static bool HasCurrentSchema(ParquetDataset dataset, string path)
    {
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try { return reader.Schema.Equals(dataset.Schema); }
        finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    private static async Task MergeAsync(ParquetDataset dataset, IReadOnlyList<string> parts, Stream output)
    {
        var readers = new List<ParquetReader>();
        try
        {
            foreach (var p in parts) readers.Add(await ParquetReader.CreateAsync(p).ConfigureAwait(false));
            await using var writer = await ParquetWriter.CreateAsync(dataset.Schema, output).ConfigureAwait(false);
            writer.CustomMetadata = new Dictionary<string, string>(readers[^1].CustomMetadata);
            using var group = writer.CreateRowGroup();
            var leaves = dataset.Schema.GetDataFields();
            var sourceLeaves = readers.Select(r => r.Schema.GetDataFields()).ToList();
            for (var f = 0; f < leaves.Length; f++)
            {
                var field = leaves[f];
                var copy = field.ClrType switch
                {
                    var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => CopyAsync<ReadOnlyMemory<char>>(field, f, readers, sourceLeaves, group),
                    var t when t == typeof(int) => CopyAsync<int>(field, f, readers, sourceLeaves, group),
                    var t when t == typeof(long) => CopyAsync<long>(field, f, readers, sourceLeaves, group),
                    var t when t == typeof(double) => CopyAsync<double>(field, f, readers, sourceLeaves, group),
                    var t when t == typeof(bool) => CopyAsync<bool>(field, f, readers, sourceLeaves, group),
                    var t when t == typeof(DateTime) => CopyAsync<DateTime>(field, f, readers, sourceLeaves, group),
                    var t => throw new NotSupportedException($"compaction of column {field.Path} ({t.Name}) is not implemented"),
                };
                await copy.ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var r in readers) await r.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One leaf column of every part, concatenated with its levels, written into <paramref name="group"/>.</summary>
    private static async Task CopyAsync<T>(DataField field, int index, IReadOnlyList<ParquetReader> readers, IReadOnlyList<DataField[]> sourceLeaves, ParquetRowGroupWriter group) where T : struct
    {
        var values = new List<T>();
        // Levels are passed even for a required column (all 0): Parquet.Net counts a column's rows from them.
        var definitions = new List<int>();
        var repetitions = field.MaxRepetitionLevel > 0 ? new List<int>() : null;
        for (var r = 0; r < readers.Count; r++)
        {
            var source = sourceLeaves[r][index];
            for (var g = 0; g < readers[r].RowGroupCount; g++)
            {
                using var rg = readers[r].OpenRowGroupReader(g);
                var levels = checked((int)rg.GetMetadata(source)!.MetaData!.NumValues);
                var v = new T[levels];
                var d = new int[levels];
                var rep = new int[levels];
                await rg.ReadRawAsync(source, v.AsMemory(), d.AsMemory(), rep.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                var defined = source.MaxDefinitionLevel > 0 ? d.Count(x => x == source.MaxDefinitionLevel) : levels;
                values.AddRange(v.AsSpan(0, defined));
                definitions.AddRange(d);
                repetitions?.AddRange(rep);
            }
        }
        ReadOnlyMemory<int>? repetitionLevels = repetitions is null ? null : repetitions.ToArray();
        await group.WriteAllPartsAsync<T>(field, values.ToArray(), definitions.ToArray(), repetitionLevels, CancellationToken.None).ConfigureAwait(false);
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
