using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace ActorSweep.Core.Tasks;

/// <summary>
/// A trial's hyperparameters as a flat, sorted map from dotted key (<c>training.lr</c>) to a value
/// (string, long, double, bool, or an immutable list of those). Values equal to their schema default
/// are never stored, so adding a new key with a no-op default keeps every existing id (open_lth's rule).
/// </summary>
public sealed class Hparams : IEquatable<Hparams>
{
    private readonly ImmutableSortedDictionary<string, object> _values;

    /// <summary>An empty set.</summary>
    public static readonly Hparams Empty = new(ImmutableSortedDictionary.Create<string, object>(StringComparer.Ordinal));

    // The set is immutable, so its two texts are computed once (each task of a trial shares its Hparams; the trials
    // part writes the JSON of every row, ids and equality hash the canonical text).
    private string? _canonical;
    private string? _json;

    private Hparams(ImmutableSortedDictionary<string, object> values) => _values = values;

    /// <summary>Builds from key/value pairs; values are normalised (int → long, float → double, lists → immutable).</summary>
    public static Hparams From(IEnumerable<KeyValuePair<string, object>> pairs)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs) b[k] = Normalize(v);
        return new Hparams(b.ToImmutable());
    }

    /// <summary>All keys, sorted ordinally.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>All entries, sorted by key.</summary>
    public IEnumerable<KeyValuePair<string, object>> Entries => _values;

    /// <summary>True when the key is set (i.e. differs from its default).</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>Returns a copy with the key set (or removed when <paramref name="value"/> is null).</summary>
    public Hparams With(string key, object? value) =>
        value is null ? new Hparams(_values.Remove(key)) : new Hparams(_values.SetItem(key, Normalize(value)));

    /// <summary>Returns a copy without the key.</summary>
    public Hparams Without(string key) => new(_values.Remove(key));

    /// <summary>The raw value, or null.</summary>
    public object? Get(string key) => _values.TryGetValue(key, out var v) ? v : null;

    /// <summary>A string value; throws naming the key when it is missing.</summary>
    public string GetString(string key) => GetString(key, null) ?? throw Missing(key);

    /// <summary>A string value or the fallback.</summary>
    public string? GetString(string key, string? fallback) => _values.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A number as double, or the fallback.</summary>
    public double GetDouble(string key, double fallback) => _values.TryGetValue(key, out var v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A number as double, or null.</summary>
    public double? GetDoubleOrNull(string key) => _values.TryGetValue(key, out var v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;

    /// <summary>A whole number, or the fallback.</summary>
    public long GetLong(string key, long fallback) => _values.TryGetValue(key, out var v) ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A whole number as int, or the fallback.</summary>
    public int GetInt(string key, int fallback) => checked((int)GetLong(key, fallback));

    /// <summary>A boolean, or the fallback.</summary>
    public bool GetBool(string key, bool fallback) => _values.TryGetValue(key, out var v) ? (bool)v : fallback;

    /// <summary>A list value, or an empty list.</summary>
    public IReadOnlyList<object> GetList(string key) => _values.TryGetValue(key, out var v) ? (ImmutableArray<object>)v : ImmutableArray<object>.Empty;

    /// <summary>
    /// The canonical text: one <c>key=value</c> line per entry, sorted ordinally, numbers in invariant
    /// round-trip form. This is what ids hash, so its format is frozen.
    /// </summary>
    public string ToCanonicalString()
    {
        if (_canonical is { } cached) return cached;
        var sb = new StringBuilder();
        foreach (var (k, v) in _values) sb.Append(k).Append('=').Append(FormatCanonical(v)).Append('\n');
        return _canonical = sb.ToString();
    }

    /// <summary>JSON object of all entries (the <c>hparams</c> Parquet column), keys sorted.</summary>
    public string ToJson()
    {
        if (_json is { } cached) return cached;
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var (k, v) in _values)
        {
            if (!first) sb.Append(',');
            first = false;
            AppendJsonString(sb, k);
            sb.Append(':');
            AppendJson(sb, v);
        }
        return _json = sb.Append('}').ToString();
    }

    /// <summary>
    /// Parses <see cref="ToJson"/>'s output back: integers become long, numbers with a fraction or
    /// exponent double (doubles are always written with one), so values and ids survive the trip.
    /// </summary>
    public static Hparams FromJson(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) throw new FormatException("hyperparameters JSON must be an object");
        return From(doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, object>(p.Name, FromJsonValue(p.Value))));
    }

    private static object FromJsonValue(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => e.GetString()!,
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        System.Text.Json.JsonValueKind.Number when e.GetRawText().IndexOfAny(new[] { '.', 'e', 'E' }) < 0 => e.GetInt64(),
        System.Text.Json.JsonValueKind.Number => e.GetDouble(),
        System.Text.Json.JsonValueKind.Array => ImmutableArray.CreateRange(e.EnumerateArray().Select(FromJsonValue)),
        _ => throw new FormatException($"unsupported hyperparameter JSON value {e.ValueKind}"),
    };

    /// <summary>Canonical text of one value.</summary>
    public static string FormatCanonical(object v) => v switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        ImmutableArray<object> a => "[" + string.Join(",", a.Select(FormatCanonical)) + "]",
        _ => throw new ArgumentException($"unsupported hyperparameter value type {v.GetType().Name}"),
    };

    private static string FormatDouble(double d)
    {
        if (d == Math.Floor(d) && Math.Abs(d) < 1e15) return d.ToString("0.0", CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static object Normalize(object v) => v switch
    {
        string or bool or long or double => v,
        int i => (long)i,
        short s => (long)s,
        float f => (double)f,
        decimal m => (double)m,
        ImmutableArray<object> a => ImmutableArray.CreateRange(a.Select(Normalize)),
        System.Collections.IEnumerable e => ImmutableArray.CreateRange(e.Cast<object>().Select(Normalize)),
        _ => throw new ArgumentException($"unsupported hyperparameter value type {v.GetType().Name}"),
    };

    private static void AppendJson(StringBuilder sb, object v)
    {
        switch (v)
        {
            case string s: AppendJsonString(sb, s); break;
            case ImmutableArray<object> a:
                sb.Append('[');
                for (var i = 0; i < a.Length; i++) { if (i > 0) sb.Append(','); AppendJson(sb, a[i]); }
                sb.Append(']');
                break;
            case double d when double.IsNaN(d) || double.IsInfinity(d): AppendJsonString(sb, FormatDouble(d)); break;
            default: sb.Append(FormatCanonical(v)); break;
        }
    }

    private static void AppendJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    private static KeyNotFoundException Missing(string key) => new($"hyperparameter '{key}' is not set");

    /// <inheritdoc />
    public bool Equals(Hparams? other) => other is not null && ToCanonicalString() == other.ToCanonicalString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Hparams);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToCanonicalString());

    /// <inheritdoc />
    public override string ToString() => ToCanonicalString().TrimEnd('\n').Replace('\n', ' ');
}
