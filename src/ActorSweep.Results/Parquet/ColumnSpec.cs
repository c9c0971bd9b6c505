using Parquet;
using Parquet.Schema;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// One column of a dataset: its Parquet field and how to pull its values out of a row. Datasets are
/// lists of these, so adding a column (additive schema change) is one line.
/// </summary>
public sealed class ColumnSpec<TRow>
{
    private readonly Func<ParquetRowGroupWriter, IReadOnlyList<TRow>, Task> _write;

    private ColumnSpec(DataField field, Func<ParquetRowGroupWriter, IReadOnlyList<TRow>, Task> write)
    {
        Field = field;
        _write = write;
    }

    /// <summary>The Parquet field.</summary>
    public DataField Field { get; }

    /// <summary>Writes this column of <paramref name="rows"/> into the row group.</summary>
    public Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<TRow> rows) => _write(writer, rows);

    /// <summary>A UTF-8 string column (nullable when <paramref name="nullable"/>).</summary>
    public static ColumnSpec<TRow> String(string name, Func<TRow, string?> value, bool nullable = false)
    {
        var f = new DataField<string>(name, nullable);
        return new(f, (w, rows) =>
        {
            var values = rows.Select(value).ToArray();
            if (!nullable && values.Any(v => v is null)) throw new InvalidOperationException($"column {name} is not nullable but a row has no value");
            return w.WriteAsync(f, values!);
        });
    }

    /// <summary>A 32-bit integer column.</summary>
    public static ColumnSpec<TRow> Int32(string name, Func<TRow, int> value)
    {
        var f = new DataField<int>(name, false);
        return new(f, (w, rows) => w.WriteAsync(f, new ReadOnlyMemory<int>(rows.Select(value).ToArray())));
    }

    /// <summary>A nullable 32-bit integer column.</summary>
    public static ColumnSpec<TRow> NullableInt32(string name, Func<TRow, int?> value)
    {
        var f = new DataField<int?>(name, true);
        return new(f, (w, rows) => w.WriteAsync(f, new ReadOnlyMemory<int?>(rows.Select(value).ToArray())));
    }

    /// <summary>A nullable 64-bit integer column.</summary>
    public static ColumnSpec<TRow> NullableInt64(string name, Func<TRow, long?> value)
    {
        var f = new DataField<long?>(name, true);
        return new(f, (w, rows) => w.WriteAsync(f, new ReadOnlyMemory<long?>(rows.Select(value).ToArray())));
    }

    /// <summary>A nullable double column.</summary>
    public static ColumnSpec<TRow> NullableDouble(string name, Func<TRow, double?> value)
    {
        var f = new DataField<double?>(name, true);
        return new(f, (w, rows) => w.WriteAsync(f, new ReadOnlyMemory<double?>(rows.Select(value).ToArray())));
    }

    /// <summary>
    /// A UTC timestamp column, millisecond precision, written as the logical TIMESTAMP type with
    /// isAdjustedToUTC = true (plain DateTime would become legacy INT96, which DuckDB and pyarrow do
    /// not read as a time zone–aware timestamp).
    /// </summary>
    public static ColumnSpec<TRow> UtcTimestamp(string name, Func<TRow, DateTime> value)
    {
        var f = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
        return new(f, (w, rows) => w.WriteAsync(f, new ReadOnlyMemory<DateTime>(rows.Select(r =>
        {
            var t = value(r);
            return t.Kind == DateTimeKind.Utc ? t : throw new InvalidOperationException($"column {name} takes UTC times; got {t.Kind}");
        }).ToArray())));
    }
}
