using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using Parquet;
using Parquet.Schema;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// A dataset whose rows are made from a batch of <see cref="TaskRecord"/>s by <c>rowsOf</c> (one
/// row per record for <c>trials</c>, one per curve point for <c>curves</c>) and written column by
/// column with Parquet.Net's low-level API — no reflection, no per-row objects.
/// </summary>
/// <typeparam name="TRow">What one row is made from.</typeparam>
public sealed class ParquetDataset<TRow> : ParquetDataset
{
    private readonly Func<IReadOnlyList<TaskRecord>, IReadOnlyList<TRow>> _rowsOf;

    /// <summary>Declares a dataset; <paramref name="columns"/> are in file order, new ones go last.</summary>
    public ParquetDataset(
        string name,
        Func<StudyLayout, string> directory,
        Func<IReadOnlyList<TaskRecord>, IReadOnlyList<TRow>> rowsOf,
        IReadOnlyList<ColumnSpec<TRow>> columns)
        : base(name, directory)
    {
        var duplicate = columns.GroupBy(c => c.Field.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"dataset {name} declares column {duplicate.Key} twice", nameof(columns));
        _rowsOf = rowsOf;
        Columns = columns;
        Schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
    }

    private const int ParallelPrepareRows = 2_000;

    /// <summary>The columns, in file order.</summary>
    public IReadOnlyList<ColumnSpec<TRow>> Columns { get; }

    /// <inheritdoc />
    public override ParquetSchema Schema { get; }

    /// <summary>The rows this dataset makes from a batch.</summary>
    public IReadOnlyList<TRow> RowsOf(IReadOnlyList<TaskRecord> batch) => _rowsOf(batch);

    internal override PreparedPart? Prepare(IReadOnlyList<TaskRecord> batch) => PrepareRows(_rowsOf(batch));

    /// <summary>A part of the given rows (datasets whose rows do not come from task records, like <c>faults</c>); null when there are none.</summary>
    internal PreparedPart? PrepareRows(IReadOnlyList<TRow> rows)
    {
        if (rows.Count == 0) return null;
        var writes = new Func<ParquetRowGroupWriter, Task>[Columns.Count];
        // Extracting a large batch's columns is independent work per column: spread it over the cores.
        if (rows.Count >= ParallelPrepareRows) Parallel.For(0, writes.Length, i => writes[i] = Columns[i].Prepare(rows));
        else for (var i = 0; i < writes.Length; i++) writes[i] = Columns[i].Prepare(rows);
        return new PreparedPart(this, rows.Count, async stream =>
        {
            await using var writer = await ParquetWriter.CreateAsync(Schema, stream).ConfigureAwait(false);
            writer.CustomMetadata = new Dictionary<string, string>
            {
                ["actorsweep.dataset"] = Name,
                ["actorsweep.schema_version"] = ResultSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            using var group = writer.CreateRowGroup();
            foreach (var write in writes) await write(group).ConfigureAwait(false);
        });
    }
}
