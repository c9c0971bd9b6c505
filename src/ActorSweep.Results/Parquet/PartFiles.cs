using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorSweep.Results.Parquet;

/// <summary>The finished parts of a dataset folder: what any reader sees when it globs <c>*.parquet</c>.</summary>
internal static partial class PartFiles
{
    /// <summary>Finished parts in name (= sequence) order; temporaries and a missing folder give none.</summary>
    public static IReadOnlyList<string> In(string dir) =>
        !Directory.Exists(dir)
            ? Array.Empty<string>()
            : Directory.EnumerateFiles(dir, "*.parquet")
                .Where(p => p.EndsWith(".parquet", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToArray();

    /// <summary>
    /// The batch sequences a part holds: <c>part-000007-w.parquet</c> holds batch 7, a compacted
    /// <c>part-000001-to-000064-w.parquet</c> batches 1 to 64 (those of them that wrote this dataset). Null for other names.
    /// </summary>
    public static (long First, long Last)? Sequences(string path)
    {
        var m = Name().Match(Path.GetFileName(path));
        if (!m.Success) return null;
        var first = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return (first, m.Groups[2].Success ? long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : first);
    }

    /// <summary>
    /// The parts of a detail dataset whose batch was committed: a <c>trials</c> part holds the batch of the part's first
    /// sequence (a batch's trials part is published last, so a detail part without one is what a crash left).
    /// </summary>
    public static IEnumerable<string> Committed(IEnumerable<string> detailParts, IReadOnlyList<string> trialsParts)
    {
        var ranges = trialsParts.Select(Sequences).OfType<(long First, long Last)>().OrderBy(r => r.First).ToArray();
        bool Covered(long s)
        {
            int lo = 0, hi = ranges.Length - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) / 2;
                if (ranges[mid].Last < s) lo = mid + 1;
                else if (ranges[mid].First > s) hi = mid - 1;
                else return true;
            }
            return false;
        }
        return detailParts.Where(p => Sequences(p) is { } r && Covered(r.First));
    }

    [GeneratedRegex("^part-([0-9]+)-(?:to-([0-9]+)-)?")]
    private static partial Regex Name();
}
