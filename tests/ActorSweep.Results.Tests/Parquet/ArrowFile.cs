using ParquetSharp;

namespace ActorSweep.Results.Tests.Parquet;

/// <summary>
/// A part opened with ParquetSharp — Arrow C++, the engine pandas and pyarrow use — so the tests check
/// what an independent reader sees, not what Parquet.Net reads back of itself.
/// </summary>
internal sealed class ArrowFile : IDisposable
{
    private readonly ParquetFileReader _file;

    public ArrowFile(string path) => _file = new ParquetFileReader(path);

    public long RowCount => _file.FileMetaData.NumRows;

    public IReadOnlyDictionary<string, string> Metadata => _file.FileMetaData.KeyValueMetadata;

    /// <summary>Leaf columns by their top-level name (a list column's leaf is <c>name.list.element</c>).</summary>
    public IReadOnlyDictionary<string, ColumnDescriptor> Columns =>
        Enumerable.Range(0, _file.FileMetaData.Schema.NumColumns).Select(i => _file.FileMetaData.Schema.Column(i))
            .GroupBy(TopName).ToDictionary(g => g.Key, g => g.First());   // a map column has two leaves (key, value): its first

    public IReadOnlyList<string> ColumnNames =>
        Enumerable.Range(0, _file.FileMetaData.Schema.NumColumns).Select(i => TopName(_file.FileMetaData.Schema.Column(i))).ToArray();

    private static string TopName(ColumnDescriptor c) => c.Path.ToDotVector()[0];

    /// <summary>All values of a column (single row group, as the writer makes).</summary>
    public T[] Read<T>(string name)
    {
        Assert.That(_file.FileMetaData.NumRowGroups, Is.EqualTo(1));
        var index = ColumnNames.ToList().IndexOf(name);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"column {name}");
        using var group = _file.RowGroup(0);
        using var reader = group.Column(index).LogicalReader<T>();
        return reader.ReadAll(checked((int)group.MetaData.NumRows));
    }

    public void Dispose() => _file.Dispose();
}
