using System.Collections;

namespace ActorSweep.Core.Tasks;

/// <summary>
/// The measurements a method adds to a task's row beyond the shared metrics: name → value, in name order, compared by
/// value. Written into the <c>trials</c> dataset's <c>metrics</c> map column (schema version 6), so that a method's new
/// measurement needs no schema change; each name is declared by its method (<see cref="MeasurementDefinition"/>).
/// </summary>
public sealed class Measurements : IReadOnlyDictionary<string, double>, IEquatable<Measurements>
{
    private readonly KeyValuePair<string, double>[] _entries;

    private Measurements(KeyValuePair<string, double>[] entries) => _entries = entries;

    /// <summary>No measurements.</summary>
    public static Measurements None { get; } = new(Array.Empty<KeyValuePair<string, double>>());

    /// <summary>
    /// The measurements of <paramref name="values"/>, null values left out (a method that did not measure, e.g. no ticket
    /// drawn); names must be distinct and non-empty, values finite.
    /// </summary>
    public static Measurements Of(params (string Name, double? Value)[] values)
    {
        var entries = values.Where(v => v.Value.HasValue).Select(v => new KeyValuePair<string, double>(v.Name, v.Value!.Value))
            .OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < entries.Length; i++)
        {
            if (string.IsNullOrEmpty(entries[i].Key)) throw new ArgumentException("a measurement needs a name", nameof(values));
            if (!double.IsFinite(entries[i].Value)) throw new ArgumentException($"measurement '{entries[i].Key}' is {entries[i].Value}; only finite values are written", nameof(values));
            if (i > 0 && entries[i].Key == entries[i - 1].Key) throw new ArgumentException($"measurement '{entries[i].Key}' is given twice", nameof(values));
        }
        return entries.Length == 0 ? None : new Measurements(entries);
    }

    /// <summary>The measurements of <paramref name="values"/> (a map read back from Parquet).</summary>
    public static Measurements Of(IEnumerable<KeyValuePair<string, double>> values) => Of(values.Select(v => (v.Key, (double?)v.Value)).ToArray());

    /// <summary>The value of <paramref name="name"/>, or null.</summary>
    public double? Get(string name) => TryGetValue(name, out var v) ? v : null;

    /// <inheritdoc />
    public double this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no measurement '{key}'");

    /// <inheritdoc />
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <inheritdoc />
    public IEnumerable<double> Values => _entries.Select(e => e.Value);

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, out double value)
    {
        foreach (var e in _entries)
            if (string.Equals(e.Key, key, StringComparison.Ordinal)) { value = e.Value; return true; }
        value = 0;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, double>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Measurements? other) => other is not null && _entries.AsSpan().SequenceEqual(other._entries);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Measurements);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var e in _entries) { h.Add(e.Key); h.Add(e.Value); }
        return h.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")) + "}";
}

/// <summary>
/// A measurement a method declares (<c>IMethodDefinition.Measurements</c>): its name in the <c>metrics</c> map, and how
/// the report shows it — a column label, a scale (100 for a fraction shown in percent), a number format — and whether a
/// larger value is better when rows are compared on it (<c>report --metric NAME</c>).
/// </summary>
/// <param name="Name">The key in the <c>metrics</c> map (snake_case, like a column name); unique in the build.</param>
/// <param name="Label">The report's column heading.</param>
/// <param name="Scale">The factor the report shows values at.</param>
/// <param name="Format">The .NET number format of the shown value.</param>
/// <param name="HigherIsBetter">Whether a larger value is better.</param>
public sealed record MeasurementDefinition(string Name, string Label, double Scale = 1, string Format = "0.00", bool HigherIsBetter = false);
