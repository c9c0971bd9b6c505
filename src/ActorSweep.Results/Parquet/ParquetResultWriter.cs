using ActorSweep.Core.IO;
using System.Text.RegularExpressions;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// Writes batches of finished tasks into a study folder: per batch one part per dataset of
/// <see cref="ResultSchema.All"/> that has rows, all under the same file name
/// (<see cref="StudyLayout.PartFileName"/>), details first and the <c>trials</c> part last.
/// </summary>
/// <remarks>
/// <para>Each part is written to <c>*.tmp</c>, fsynced, renamed and its folder fsynced, so readers
/// globbing <c>*.parquet</c> never see a half-written file and a returned batch survives a crash.
/// Sequences continue after the parts already present, and the writer id keeps concurrent writers'
/// names apart.</para>
/// <para>Opening a writer tidies up after a crashed one: it deletes <c>*.tmp</c> files and detail
/// parts whose <c>trials</c> part never landed (those tasks have no row, so they run again and
/// would otherwise appear twice in <c>curves</c>). That assumes one writing process per study at a
/// time — the coordinator's result sink.</para>
/// <para>Not thread-safe: one actor owns an instance and calls it from one thread at a time.</para>
/// </remarks>
public sealed partial class ParquetResultWriter
{
    private readonly StudyLayout _layout;

    /// <summary>
    /// Opens a writer on <paramref name="layout"/>; <paramref name="writerId"/> is unique per writing
    /// process (e.g. <c>host-pid</c>). Characters unsafe in a file name become <c>-</c>.
    /// </summary>
    public ParquetResultWriter(StudyLayout layout, string writerId)
    {
        if (string.IsNullOrWhiteSpace(writerId)) throw new ArgumentException("a writer id is required", nameof(writerId));
        _layout = layout;
        WriterId = UnsafeInName().Replace(writerId, "-");
        foreach (var dataset in ResultSchema.Documented)
        {
            var dir = dataset.DirectoryIn(layout);
            Directory.CreateDirectory(dir);
            foreach (var tmp in Directory.GetFiles(dir, "*.tmp")) File.Delete(tmp);
            // A compaction cut off before or after its exchange leaves the live folder whole and this sibling behind, and the
            // last one keeps the content it replaced for readers that were listing it: neither is needed by a new writer.
            foreach (var sibling in new[] { PartCompaction.StagingDir(dir), PartCompaction.RetiredDir(dir) })
                if (Directory.Exists(sibling)) Directory.Delete(sibling, recursive: true);
            foreach (var part in PartFiles.In(dir))
                if (PartFiles.Sequences(part) is { } r) LastSequence = Math.Max(LastSequence, r.Last);
        }
        DeleteOrphanDetails();
    }

    /// <summary>
    /// Size-tiered compaction's fan-in F: when <c>trials</c> holds F parts of one level, every dataset's parts of that
    /// level are merged into one part of the next level (a part covering w batches is of level ⌊log_F w⌋), so each row
    /// is rewritten about log_F(tasks) times in all and a study of N tasks keeps fewer than F·log_F N parts; 0 turns
    /// compaction off.
    /// </summary>
    public int CompactionFanIn { get; init; } = 64;

    /// <summary>Compactions done by this writer (parts merged, per dataset).</summary>
    public int Compactions { get; private set; }

    /// <summary>The writer id as used in part names.</summary>
    public string WriterId { get; }

    /// <summary>The sequence of the last part written or found; the next batch uses one more.</summary>
    public long LastSequence { get; private set; }

    /// <summary>
    /// Writes one batch durably and returns once every part is visible. Every value is validated
    /// before any file is written; if publishing fails midway, the parts already published are
    /// removed again (best effort) and the exception propagates, so the batch can be retried.
    /// An empty batch writes nothing.
    /// </summary>
    public void WriteBatch(IReadOnlyList<TaskRecord> records)
    {
        if (records.Count == 0) return;
        var parts = ResultSchema.All.Select(d => d.Prepare(records)).OfType<PreparedPart>().ToList();
        var name = StudyLayout.PartFileName(++LastSequence, WriterId);
        var published = new List<string>();
        try
        {
            foreach (var part in parts)
            {
                var path = Path.Combine(part.Dataset.DirectoryIn(_layout), name);
                part.Publish(path);
                published.Add(path);
            }
        }
        catch
        {
            foreach (var path in published) TryDelete(path);
            throw;
        }
        if (CompactionFanIn > 1 && ByLevel(PartFiles.In(ResultSchema.Trials.DirectoryIn(_layout))).Any(l => l.Count >= CompactionFanIn)) Compact();
    }

    /// <summary>
    /// Merges, in every dataset, each level's parts (committed, of the current schema) once F of them have gathered
    /// (<see cref="CompactionFanIn"/>), trials first: a detail part counts as committed while any trials part covers its
    /// batch, merged or not. Returns the merges done.
    /// </summary>
    public int Compact()
    {
        var done = 0;
        var trialsDir = ResultSchema.Trials.DirectoryIn(_layout);
        foreach (var dataset in new ParquetDataset[] { ResultSchema.Trials }.Concat(ResultSchema.Details))
        {
            var dir = dataset.DirectoryIn(_layout);
            IReadOnlyList<string> parts = PartFiles.In(dir);
            if (!ReferenceEquals(dataset, ResultSchema.Trials)) parts = PartFiles.Committed(parts, PartFiles.In(trialsDir)).ToList();
            foreach (var level in ByLevel(parts).Where(l => l.Count >= Math.Max(2, CompactionFanIn)))
            {
                var merge = level.Where(p => PartCompaction.HasCurrentSchema(dataset, p)).ToList();
                if (merge.Count < 2) continue;
                var name = $"part-{PartFiles.Sequences(merge[0])!.Value.First:D6}-to-{PartFiles.Sequences(merge[^1])!.Value.Last:D6}-{WriterId}.parquet";
                if (!PartCompaction.Compact(dataset, dir, merge, name)) return Compactions += done;   // no atomic exchange here: leave the parts as they are
                done++;
            }
        }
        return Compactions += done;
    }

    /// <summary>The parts grouped by level (⌊log_F of the batches a part covers⌋), each group in sequence order.</summary>
    private List<List<string>> ByLevel(IReadOnlyList<string> parts)
    {
        var fanIn = Math.Max(2, CompactionFanIn);
        return parts.Select(p => (Part: p, Range: PartFiles.Sequences(p)))
            .Where(x => x.Range is not null)
            .GroupBy(x => (int)Math.Floor(Math.Log(x.Range!.Value.Last - x.Range.Value.First + 1) / Math.Log(fanIn) + 1e-9))
            .Select(g => g.Select(x => x.Part).ToList())
            .ToList();
    }

    /// <summary>Writes node faults durably as one <c>faults</c> part; an empty list writes nothing.</summary>
    public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults)
    {
        if (ResultSchema.Faults.PrepareRows(faults) is not { } part) return;
        part.Publish(Path.Combine(ResultSchema.Faults.DirectoryIn(_layout), StudyLayout.PartFileName(++LastSequence, WriterId)));
    }

    private void DeleteOrphanDetails()
    {
        var trials = PartFiles.In(ResultSchema.Trials.DirectoryIn(_layout));
        foreach (var dataset in ResultSchema.Details)
        {
            var dir = dataset.DirectoryIn(_layout);
            var all = PartFiles.In(dir);
            var committed = PartFiles.Committed(all, trials).ToHashSet(StringComparer.Ordinal);
            var orphans = all.Where(p => !committed.Contains(p)).ToList();
            foreach (var orphan in orphans) File.Delete(orphan);
            if (orphans.Count > 0) DirectorySync.Sync(dir);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeInName();
}
