using ActorSweep.Core.Tasks;
using Parquet;
using Parquet.Schema;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// Chosen columns of one part, read whole with Parquet.Net's column API. A column the part does not
/// have reads as nulls, so parts written before a column was added still read (additive schema).
/// </summary>
internal sealed class PartTable
{
    private readonly Dictionary<string, Array> _columns;

    private PartTable(int rowCount, Dictionary<string, Array> columns)
    {
        RowCount = rowCount;
        _columns = columns;
    }

    public int RowCount { get; }

    /// <summary>Reads the named columns of every row group of <paramref name="path"/>.</summary>
    public static PartTable Read(string path, IReadOnlyCollection<string> names) => ReadAsync(path, names).GetAwaiter().GetResult();

    /// <summary>A string column (null where absent).</summary>
    public string?[] Strings(string name) => Column<string?>(name);

    /// <summary>A list-of-strings column (null where the part predates the column).</summary>
    public IReadOnlyList<string>?[] StringLists(string name) => Column<IReadOnlyList<string>?>(name);

    /// <summary>A string → double map column (null where the part predates the column).</summary>
    public Measurements?[] DoubleMaps(string name) => Column<Measurements?>(name);

    /// <summary>A value column as nullables (null where absent).</summary>
    public T?[] Values<T>(string name) where T : struct => Column<T?>(name);

    private TValue[] Column<TValue>(string name)
    {
        if (!_columns.TryGetValue(name, out var column)) return new TValue[RowCount];
        return column as TValue[] ?? throw new InvalidDataException($"column {name} holds {column.GetType().GetElementType()!.Name}, not {typeof(TValue).Name}");
    }

    private static async Task<PartTable> ReadAsync(string path, IReadOnlyCollection<string> names)
    {
        await using var reader = await ParquetReader.CreateAsync(path).ConfigureAwait(false);
        var fields = reader.Schema.DataFields.Where(f => names.Contains(f.Name) && f.MaxRepetitionLevel == 0).ToList();
        var lists = reader.Schema.Fields.OfType<ListField>().Where(f => names.Contains(f.Name) && f.Item is DataField).ToList();
        var maps = reader.Schema.Fields.OfType<MapField>().Where(f => names.Contains(f.Name) && f.Key is DataField && f.Value is DataField { ClrType: var v } && v == typeof(double)).ToList();
        var groups = Enumerable.Range(0, reader.RowGroupCount).Select(reader.OpenRowGroupReader).ToList();
        try
        {
            var rowCount = checked((int)groups.Sum(g => g.RowCount));
            var columns = new Dictionary<string, Array>(StringComparer.Ordinal);
            foreach (var field in fields) columns[field.Name] = await ReadColumnAsync(field, groups, rowCount).ConfigureAwait(false);
            foreach (var list in lists) columns[list.Name] = await ReadStringListsAsync((DataField)list.Item, groups, rowCount).ConfigureAwait(false);
            foreach (var map in maps) columns[map.Name] = await ReadDoubleMapsAsync((DataField)map.Key, (DataField)map.Value, groups, rowCount).ConfigureAwait(false);
            return new PartTable(rowCount, columns);
        }
        finally
        {
            foreach (var g in groups) g.Dispose();
        }
    }

    private static Task<Array> ReadColumnAsync(DataField field, IReadOnlyList<ParquetRowGroupReader> groups, int rowCount) => field.ClrType switch
    {
        var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => ReadStringsAsync(field, groups, rowCount),
        var t when t == typeof(int) => ReadValuesAsync<int>(field, groups, rowCount),
        var t when t == typeof(bool) => ReadValuesAsync<bool>(field, groups, rowCount),
        var t when t == typeof(long) => ReadValuesAsync<long>(field, groups, rowCount),
        var t when t == typeof(double) => ReadValuesAsync<double>(field, groups, rowCount),
        var t when t == typeof(DateTime) => ReadValuesAsync<DateTime>(field, groups, rowCount),
        var t => throw new NotSupportedException($"column {field.Name} has type {t.Name}, which the reader does not handle yet"),
    };

    /// <summary>Rebuilds each row's list from the item column's repetition and definition levels.</summary>
    private static async Task<Array> ReadStringListsAsync(DataField item, IReadOnlyList<ParquetRowGroupReader> groups, int rowCount)
    {
        var rows = new IReadOnlyList<string>?[rowCount];
        var row = -1;
        foreach (var g in groups)
        {
            var levels = checked((int)g.GetMetadata(item)!.MetaData!.NumValues);
            var (values, definitions, repetitions) = (new ReadOnlyMemory<char>[levels], new int[levels], new int[levels]);
            await g.ReadRawAsync(item, values.AsMemory(), definitions.AsMemory(), repetitions.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            var v = 0;
            List<string>? current = null;
            for (var i = 0; i < definitions.Length; i++)
            {
                if (repetitions[i] == 0)
                {
                    row++;
                    current = definitions[i] == 0 ? null : new List<string>();
                    rows[row] = current;
                }
                if (definitions[i] == item.MaxDefinitionLevel) current!.Add(values[v++].ToString());
            }
        }
        if (row + 1 != rowCount) throw new InvalidDataException($"list column {item.Path} holds {row + 1} rows, the part {rowCount}");
        return rows;
    }

    /// <summary>Rebuilds each row's map from the key and value columns' levels (the two share them).</summary>
    private static async Task<Array> ReadDoubleMapsAsync(DataField key, DataField value, IReadOnlyList<ParquetRowGroupReader> groups, int rowCount)
    {
        var rows = new Measurements?[rowCount];
        var row = -1;
        foreach (var g in groups)
        {
            var levels = checked((int)g.GetMetadata(key)!.MetaData!.NumValues);
            var (keys, definitions, repetitions) = (new ReadOnlyMemory<char>[levels], new int[levels], new int[levels]);
            await g.ReadRawAsync(key, keys.AsMemory(), definitions.AsMemory(), repetitions.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            var (values, valueDefinitions, valueRepetitions) = (new double[levels], new int[levels], new int[levels]);
            await g.ReadRawAsync(value, values.AsMemory(), valueDefinitions.AsMemory(), valueRepetitions.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            var v = 0;
            List<KeyValuePair<string, double>>? current = null;
            void Close() { if (row >= 0 && current is not null) rows[row] = Measurements.Of(current); }
            for (var i = 0; i < definitions.Length; i++)
            {
                if (repetitions[i] == 0)
                {
                    Close();
                    row++;
                    current = definitions[i] == 0 ? null : new List<KeyValuePair<string, double>>();
                }
                if (definitions[i] == key.MaxDefinitionLevel) { current!.Add(new(keys[v].ToString(), values[v])); v++; }
            }
            Close();
            current = null;
        }
        if (row + 1 != rowCount) throw new InvalidDataException($"map column {key.Path} holds {row + 1} rows, the part {rowCount}");
        return rows;
    }

    private static async Task<Array> ReadStringsAsync(DataField field, IReadOnlyList<ParquetRowGroupReader> groups, int rowCount)
    {
        var values = new string?[rowCount];
        var offset = 0;
        foreach (var g in groups)
        {
            var n = (int)g.RowCount;
            await g.ReadAsync(field, values.AsMemory(offset, n)).ConfigureAwait(false);
            offset += n;
        }
        return values;
    }

    private static async Task<Array> ReadValuesAsync<T>(DataField field, IReadOnlyList<ParquetRowGroupReader> groups, int rowCount) where T : struct
    {
        var values = new T?[rowCount];
        var offset = 0;
        foreach (var g in groups)
        {
            var n = (int)g.RowCount;
            if (field.IsNullable)
            {
                await g.ReadAsync(field, values.AsMemory(offset, n)).ConfigureAwait(false);
            }
            else
            {
                var required = new T[n];
                await g.ReadAsync(field, required.AsMemory()).ConfigureAwait(false);
                for (var i = 0; i < n; i++) values[offset + i] = required[i];
            }
            offset += n;
        }
        return values;
    }
}
