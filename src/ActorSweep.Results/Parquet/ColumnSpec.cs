using Parquet;
using Parquet.Schema;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// One column of a dataset: its Parquet field and how to pull its values out of a row. A dataset is
/// a list of these, so adding a column (the only schema change allowed) is one line.
/// </summary>
/// <remarks>
/// Writing is split in two: <see cref="Prepare"/> extracts and validates every value of a part in
/// memory, and only then is anything written. A bad value (a local time, a missing required string)
/// therefore fails the whole batch before any file exists, never halfway through it.
/// </remarks>
/// <typeparam name="TRow">What one row is made from.</typeparam>
public sealed class ColumnSpec<TRow>
{
    private readonly Func<IReadOnlyList<TRow>, Func<ParquetRowGroupWriter, Task>> _prepare;

    private ColumnSpec(Field field, Func<IReadOnlyList<TRow>, Func<ParquetRowGroupWriter, Task>> prepare)
    {
        Field = field;
        _prepare = prepare;
    }

    /// <summary>The Parquet field (name, physical and logical type, nullability; a LIST group for list columns).</summary>
    public Field Field { get; }

    /// <summary>
    /// Extracts and validates this column's values for <paramref name="rows"/>; the returned action
    /// writes them into a row group. Throws <see cref="InvalidOperationException"/> on a bad value.
    /// </summary>
    public Func<ParquetRowGroupWriter, Task> Prepare(IReadOnlyList<TRow> rows) => _prepare(rows);

    /// <summary>A UTF-8 string column (logical type STRING); optional when <paramref name="nullable"/>.</summary>
    public static ColumnSpec<TRow> String(string name, Func<TRow, string?> value, bool nullable = false)
    {
        var f = new DataField<string>(name, nullable);
        return new(f, rows =>
        {
            var values = new string?[rows.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = value(rows[i]);
                if (values[i] is null && !nullable) throw new InvalidOperationException($"column {name} is required but row {i} has no value");
            }
            return w => w.WriteAsync(f, values!);
        });
    }

    /// <summary>
    /// A list of UTF-8 strings (the standard three-level LIST: optional group, repeated <c>list</c>, required
    /// <c>element</c>), which pandas, DuckDB and Spark read as a list column. Every row has a list, possibly
    /// empty; an empty list is written as such (definition level 1), never as null.
    /// </summary>
    public static ColumnSpec<TRow> StringList(string name, Func<TRow, IReadOnlyList<string>> value)
    {
        var item = new DataField<string>("element", false);
        var field = new ListField(name, item);
        return new(field, rows =>
        {
            var values = new List<ReadOnlyMemory<char>>();
            var definitions = new List<int>();
            var repetitions = new List<int>();
            for (var i = 0; i < rows.Count; i++)
            {
                var list = value(rows[i]);
                if (list.Count == 0) { definitions.Add(item.MaxDefinitionLevel - 1); repetitions.Add(0); continue; }
                for (var k = 0; k < list.Count; k++)
                {
                    values.Add((list[k] ?? throw new InvalidOperationException($"column {name}: row {i} holds a null element")).AsMemory());
                    definitions.Add(item.MaxDefinitionLevel);
                    repetitions.Add(k == 0 ? 0 : 1);
                }
            }
            var (v, d, r) = (values.ToArray(), definitions.ToArray(), repetitions.ToArray());
            return w => w.WriteAllPartsAsync<ReadOnlyMemory<char>>(item, v, d, r, CancellationToken.None);
        });
    }

    /// <summary>
    /// A map of UTF-8 string keys to doubles (the standard MAP: optional group, repeated <c>key_value</c>, required
    /// <c>key</c> and <c>value</c>), which DuckDB reads as a MAP, pyarrow/pandas as a list of (key, value) pairs and Spark as
    /// a map. Every row has a map, possibly empty (written as such, never as null); keys in the order the row gives them.
    /// </summary>
    public static ColumnSpec<TRow> DoubleMap(string name, Func<TRow, IReadOnlyCollection<KeyValuePair<string, double>>> value)
    {
        var key = new DataField<string>("key", false);
        var item = new DataField<double>("value", false);
        var field = new MapField(name, key, item);
        return new(field, rows =>
        {
            var (keys, values, definitions, repetitions) = (new List<ReadOnlyMemory<char>>(), new List<double>(), new List<int>(), new List<int>());
            for (var i = 0; i < rows.Count; i++)
            {
                var k = 0;
                foreach (var (entryKey, entryValue) in value(rows[i]))
                {
                    keys.Add((entryKey ?? throw new InvalidOperationException($"column {name}: row {i} holds a null key")).AsMemory());
                    values.Add(double.IsFinite(entryValue) ? entryValue : throw new InvalidOperationException($"column {name}: row {i} holds {entryValue} for '{entryKey}'"));
                    definitions.Add(key.MaxDefinitionLevel);
                    repetitions.Add(k++ == 0 ? 0 : 1);
                }
                if (k == 0) { definitions.Add(key.MaxDefinitionLevel - 1); repetitions.Add(0); }
            }
            var (kv, vv, d, r) = (keys.ToArray(), values.ToArray(), definitions.ToArray(), repetitions.ToArray());
            return async w =>
            {
                await w.WriteAllPartsAsync<ReadOnlyMemory<char>>(key, kv, d, r, CancellationToken.None).ConfigureAwait(false);
                await w.WriteAllPartsAsync<double>(item, vv, d, r, CancellationToken.None).ConfigureAwait(false);
            };
        });
    }

    /// <summary>A required boolean column.</summary>
    public static ColumnSpec<TRow> Bool(string name, Func<TRow, bool> value) => Of(new DataField<bool>(name, false), value);

    /// <summary>A required 32-bit integer column.</summary>
    public static ColumnSpec<TRow> Int32(string name, Func<TRow, int> value) => Of(new DataField<int>(name, false), value);

    /// <summary>An optional 32-bit integer column.</summary>
    public static ColumnSpec<TRow> NullableInt32(string name, Func<TRow, int?> value) => OfNullable(new DataField<int?>(name, true), value);

    /// <summary>An optional 64-bit integer column.</summary>
    public static ColumnSpec<TRow> NullableInt64(string name, Func<TRow, long?> value) => OfNullable(new DataField<long?>(name, true), value);

    /// <summary>An optional double column.</summary>
    public static ColumnSpec<TRow> NullableDouble(string name, Func<TRow, double?> value) => OfNullable(new DataField<double?>(name, true), value);

    /// <summary>
    /// A required UTC timestamp column: the logical TIMESTAMP type with isAdjustedToUTC = true in
    /// milliseconds, which DuckDB and pyarrow read as a time zone–aware timestamp. (A plain
    /// <see cref="DateTime"/> field would be legacy INT96, and <see cref="DateTimeOffset"/> a struct.)
    /// Values are truncated to the millisecond here, so what is read back equals what was meant;
    /// a non-UTC <see cref="DateTime"/> is rejected rather than stored as a wrong instant.
    /// </summary>
    public static ColumnSpec<TRow> UtcTimestamp(string name, Func<TRow, DateTime> value)
    {
        var f = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
        return new(f, rows =>
        {
            var values = new DateTime[rows.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var t = value(rows[i]);
                if (t.Kind != DateTimeKind.Utc) throw new InvalidOperationException($"column {name} takes UTC times; row {i} has a {t.Kind} time");
                values[i] = t.AddTicks(-(t.Ticks % TimeSpan.TicksPerMillisecond));
            }
            return w => w.WriteAsync(f, new ReadOnlyMemory<DateTime>(values));
        });
    }

    private static ColumnSpec<TRow> Of<T>(DataField f, Func<TRow, T> value) where T : struct => new(f, rows =>
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = value(rows[i]);
        return w => w.WriteAsync(f, new ReadOnlyMemory<T>(values));
    });

    private static ColumnSpec<TRow> OfNullable<T>(DataField f, Func<TRow, T?> value) where T : struct => new(f, rows =>
    {
        var values = new T?[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = value(rows[i]);
        return w => w.WriteAsync(f, new ReadOnlyMemory<T?>(values));
    });
}
