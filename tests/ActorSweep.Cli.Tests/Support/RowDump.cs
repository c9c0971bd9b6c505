using System.Globalization;
using ParquetSharp;

namespace ActorSweep.Cli.Tests.Support;

/// <summary>
/// A dataset's chosen columns as tab-separated lines, read with ParquetSharp (Arrow C++): a header, then the
/// rows sorted ordinally, doubles in round-trip form and nulls as <c>null</c> — the form of the release-1
/// fixture files, so two runs compare line by line.
/// </summary>
public static class RowDump
{
    public static IReadOnlyList<string> Of(string datasetDir, params string[] columns)
    {
        var rows = new List<string>();
        foreach (var part in Directory.GetFiles(datasetDir, "*.parquet"))
        {
            using var file = new ParquetFileReader(part);
            var schema = file.FileMetaData.Schema;
            var names = Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Path.ToDotString()).ToArray();
            for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
            {
                using var group = file.RowGroup(g);
                var n = checked((int)group.MetaData.NumRows);
                var cells = columns.Select(c =>
                {
                    var i = Array.IndexOf(names, c);
                    Assert.That(i, Is.GreaterThanOrEqualTo(0), $"{part}: column {c}");
                    using var reader = group.Column(i).LogicalReader();
                    return reader switch
                    {
                        LogicalColumnReader<string> s => s.ReadAll(n).Select(v => v ?? "null").ToArray(),
                        LogicalColumnReader<int> s => s.ReadAll(n).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
                        LogicalColumnReader<int?> s => s.ReadAll(n).Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "null").ToArray(),
                        LogicalColumnReader<long?> s => s.ReadAll(n).Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "null").ToArray(),
                        LogicalColumnReader<double?> s => s.ReadAll(n).Select(v => v?.ToString("R", CultureInfo.InvariantCulture) ?? "null").ToArray(),
                        _ => throw new NotSupportedException($"column {c}: {reader.GetType().Name}"),
                    };
                }).ToArray();
                for (var r = 0; r < n; r++) rows.Add(string.Join("\t", cells.Select(c => c[r])));
            }
        }
        return rows.Order(StringComparer.Ordinal).Prepend(string.Join("\t", columns)).ToList();
    }
}
