using System.Text.RegularExpressions;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Results.Tests.Analysis;

/// <summary>docs/results-schema.md lists every dataset and exactly the columns the writer writes, in order.</summary>
public class SchemaDocTests
{
    private static string Doc()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ActorSweep.sln"))) dir = Path.GetDirectoryName(dir)!;
        return File.ReadAllText(Path.Combine(dir, "docs", "results-schema.md"));
    }

    [Test]
    public void EveryDataset_HasASectionListingItsColumnsInOrder()
    {
        var doc = Doc();
        foreach (var dataset in ResultSchema.Documented)
        {
            var start = doc.IndexOf($"## `{dataset.Name}`", StringComparison.Ordinal);
            Assert.That(start, Is.GreaterThanOrEqualTo(0), $"section for {dataset.Name}");
            var end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var section = doc[start..(end < 0 ? doc.Length : end)];
            var documented = Regex.Matches(section, @"^\| `([a-z_]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            Assert.That(documented, Is.EqualTo(dataset.Schema.Fields.Select(f => f.Name).ToList()), dataset.Name);
        }
    }
}
