using System.Text.RegularExpressions;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;
using Parquet;
using Parquet.Schema;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// The Parquet result store of one study folder: each batch becomes one <c>curves</c> part and one
/// <c>trials</c> part (curves first, so a task's row never exists without its curve). Part names carry a
/// sequence and a writer id, so restarts and several writers never collide; stale temporaries from a
/// crash are removed at start. Not thread-safe: one actor owns it.
/// </summary>
public sealed partial class ParquetResultStore : IResultStore
{
    private readonly StudyLayout _layout;
    private readonly string _writerId;
    private long _sequence;

    /// <summary>Opens the store; <paramref name="writerId"/> is unique per writing process (e.g. host-pid).</summary>
    public ParquetResultStore(StudyLayout layout, string writerId)
    {
        _layout = layout;
        _writerId = SafeId().Replace(writerId, "-");
        foreach (var dir in new[] { layout.TrialsDir, layout.CurvesDir })
        {
            Directory.CreateDirectory(dir);
            foreach (var tmp in Directory.GetFiles(dir, "*.tmp")) File.Delete(tmp);
            foreach (var part in Directory.GetFiles(dir, "part-*.parquet"))
            {
                var m = PartSequence().Match(Path.GetFileName(part));
                if (m.Success) _sequence = Math.Max(_sequence, long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <inheritdoc />
    public void Write(IReadOnlyList<TaskRecord> records)
    {
        if (records.Count == 0) return;
        var seq = ++_sequence;
        var name = StudyLayout.PartFileName(seq, _writerId);
        var points = records.Where(r => r.Result is not null).SelectMany(r => r.Result!.Curve.Select(p => (r.Spec, p))).ToList();
        if (points.Count > 0) ResultSchema.Curves.WritePartAsync(Path.Combine(_layout.CurvesDir, name), points).GetAwaiter().GetResult();
        ResultSchema.Trials.WritePartAsync(Path.Combine(_layout.TrialsDir, name), records).GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public IReadOnlySet<string> ExistingTaskIds() => ReadTaskIds(_layout);

    /// <summary>Task ids present in a study's <c>trials</c> dataset (read with Parquet.Net).</summary>
    public static IReadOnlySet<string> ReadTaskIds(StudyLayout layout) => ReadTaskIdsAsync(layout).GetAwaiter().GetResult();

    private static async Task<IReadOnlySet<string>> ReadTaskIdsAsync(StudyLayout layout)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(layout.TrialsDir)) return ids;
        foreach (var part in Directory.GetFiles(layout.TrialsDir, "*.parquet"))
        {
            await using var reader = await ParquetReader.CreateAsync(part).ConfigureAwait(false);
            var field = reader.Schema.DataFields.First(f => f.Name == "task_id");
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var values = new string?[group.RowCount];
                await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
                ids.UnionWith(values.OfType<string>());
            }
        }
        return ids;
    }

    [GeneratedRegex("^part-([0-9]+)-")]
    private static partial Regex PartSequence();

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex SafeId();
}
