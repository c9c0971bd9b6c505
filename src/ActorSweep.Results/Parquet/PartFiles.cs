namespace ActorSweep.Results.Parquet;

/// <summary>The finished parts of a dataset folder: what any reader sees when it globs <c>*.parquet</c>.</summary>
internal static class PartFiles
{
    /// <summary>Finished parts in name (= sequence) order; temporaries and a missing folder give none.</summary>
    public static IReadOnlyList<string> In(string dir) =>
        !Directory.Exists(dir)
            ? Array.Empty<string>()
            : Directory.EnumerateFiles(dir, "*.parquet")
                .Where(p => p.EndsWith(".parquet", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToArray();
}
