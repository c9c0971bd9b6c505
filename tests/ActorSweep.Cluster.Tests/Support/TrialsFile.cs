using ActorSweep.Core.Layout;
using ParquetSharp;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>Reads a study's <c>trials</c> dataset with ParquetSharp (Arrow C++, the engine pandas uses), independent of our writer.</summary>
public static class TrialsFile
{
    /// <summary>Each row as column name → value, for the requested columns.</summary>
    public static List<Dictionary<string, object?>> Read(StudyLayout layout, params string[] columns)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var part in Directory.GetFiles(layout.TrialsDir, "*.parquet"))
        {
            using var file = new ParquetFileReader(part);
            var schema = file.FileMetaData.Schema;
            for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
            {
                using var group = file.RowGroup(g);
                var n = (int)group.MetaData.NumRows;
                var values = new Dictionary<string, object?[]>();
                foreach (var name in columns)
                {
                    var i = Enumerable.Range(0, schema.NumColumns).Single(c => schema.Column(c).Name == name);
                    var optional = schema.Column(i).MaxDefinitionLevel > 0;
                    values[name] = (schema.Column(i).PhysicalType, optional) switch
                    {
                        (PhysicalType.Int32, true) => group.Column(i).LogicalReader<int?>().ReadAll(n).Cast<object?>().ToArray(),
                        (PhysicalType.Int32, false) => group.Column(i).LogicalReader<int>().ReadAll(n).Cast<object?>().ToArray(),
                        (PhysicalType.Double, true) => group.Column(i).LogicalReader<double?>().ReadAll(n).Cast<object?>().ToArray(),
                        (PhysicalType.Double, false) => group.Column(i).LogicalReader<double>().ReadAll(n).Cast<object?>().ToArray(),
                        _ => group.Column(i).LogicalReader<string?>().ReadAll(n).Cast<object?>().ToArray(),
                    };
                }
                for (var r = 0; r < n; r++) rows.Add(columns.ToDictionary(c => c, c => values[c][r]));
            }
        }
        return rows;
    }
}
