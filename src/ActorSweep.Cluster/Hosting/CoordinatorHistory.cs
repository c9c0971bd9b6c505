using System.Text.Json;
using System.Text.Json.Serialization;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cluster.Hosting;

/// <summary>How a coordinator came to run a study.</summary>
public enum CoordinatorStart
{
    /// <summary>It started the study.</summary>
    Start,

    /// <summary>Someone resumed the study from its folder (after a crash, an interruption, a cancelled job).</summary>
    Resume,

    /// <summary>A standby coordinator took the study over when the active one died, with nobody typing anything.</summary>
    Failover,
}

/// <summary>
/// One coordinator's start on a study, appended to the folder's <c>coordinators.jsonl</c> once its node is up: when, how,
/// who, whom it followed and (failover) how many leases of the dead coordinator went back to the queue.
/// </summary>
public sealed record CoordinatorRecord(
    DateTime At,
    [property: JsonConverter(typeof(JsonStringEnumConverter<CoordinatorStart>))] CoordinatorStart Kind,
    string Host,
    int Pid,
    string Address,
    string? Previous,
    int? Requeued);

/// <summary>Reads and appends a study folder's coordinator history.</summary>
public static class CoordinatorHistory
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Appends <paramref name="record"/> (one line, flushed to disk; on a line of its own after a line a crash tore).</summary>
    public static void Append(StudyLayout layout, CoordinatorRecord record)
    {
        var torn = false;
        if (File.Exists(layout.CoordinatorHistoryFile))
        {
            using var read = new FileStream(layout.CoordinatorHistoryFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (read.Length > 0) { read.Seek(-1, SeekOrigin.End); torn = read.ReadByte() != '\n'; }
        }
        using var file = new FileStream(layout.CoordinatorHistoryFile, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(file);
        if (torn) writer.WriteLine();
        writer.WriteLine(JsonSerializer.Serialize(record, Json));
        writer.Flush();
        file.Flush(flushToDisk: true);
    }

    /// <summary>The history, oldest first; empty for a folder without one (older releases); a torn last line is skipped.</summary>
    public static IReadOnlyList<CoordinatorRecord> Read(StudyLayout layout)
    {
        if (!File.Exists(layout.CoordinatorHistoryFile)) return Array.Empty<CoordinatorRecord>();
        var records = new List<CoordinatorRecord>();
        foreach (var line in File.ReadLines(layout.CoordinatorHistoryFile))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try { if (JsonSerializer.Deserialize<CoordinatorRecord>(line, Json) is { } r) records.Add(r); }
            catch (JsonException) { }
        }
        return records;
    }

    /// <summary>"failover at 2026-12-08 12:00:03 UTC: pid 2 on b took over from pid 1 on a, …; 3 lease(s) re-queued".</summary>
    public static string Describe(CoordinatorRecord r) =>
        $"{r.Kind.ToString().ToLowerInvariant()} at {r.At:yyyy-MM-dd HH:mm:ss} UTC: pid {r.Pid} on {r.Host} ({r.Address})" +
        (r.Previous is null ? "" : $" took over from {r.Previous}") + (r.Requeued is { } n ? $"; {n} lease(s) of the previous coordinator re-queued" : "");
}
