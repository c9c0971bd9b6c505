using System.Globalization;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Options;

/// <summary>
/// A trial's hyperparameters seen through one <see cref="OptionSchema{T}"/>: a key reads the trial's value
/// when set and the schema's default otherwise. Reading a key the schema does not define is a programming
/// error (it would bring back a default restated at the read), and so is reading a required key that the
/// trial lacks (validation guarantees it is set).
/// </summary>
public sealed class OptionValues
{
    private readonly Hparams _trial;
    private readonly IReadOnlyDictionary<string, HparamDefinition> _definitions;
    private readonly int _version;

    internal OptionValues(Hparams trial, IReadOnlyDictionary<string, HparamDefinition> definitions, int version)
    {
        _trial = trial;
        _definitions = definitions;
        _version = version;
    }

    /// <summary>The study's defaults version (<see cref="DefaultsVersion"/>): what a key left out means.</summary>
    public int Version => _version;

    /// <summary>Whether the trial gives <paramref name="key"/> itself (a default that depends on another option reads this).</summary>
    public bool IsSet(string key) => _definitions.ContainsKey(key)
        ? _trial.Get(key) is not null
        : throw new InvalidOperationException($"'{key}' is not an option of this schema");

    /// <summary>A number.</summary>
    public double Double(string key) => Convert.ToDouble(Required(key), CultureInfo.InvariantCulture);

    /// <summary>A number, or null for an optional key left unset.</summary>
    public double? DoubleOrNull(string key) => Value(key) is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;

    /// <summary>A whole number.</summary>
    public long Long(string key) => Convert.ToInt64(Required(key), CultureInfo.InvariantCulture);

    /// <summary>A whole number that fits an <see cref="int"/>.</summary>
    public int Int(string key) => checked((int)Long(key));

    /// <summary>A whole number, or null for an optional key left unset.</summary>
    public int? IntOrNull(string key) => Value(key) is { } v ? checked((int)Convert.ToInt64(v, CultureInfo.InvariantCulture)) : null;

    /// <summary>A string.</summary>
    public string String(string key) => Convert.ToString(Required(key), CultureInfo.InvariantCulture)!;

    /// <summary>A string, or null for an optional key left unset.</summary>
    public string? StringOrNull(string key) => Value(key) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    /// <summary>The value a word of <paramref name="choice"/> names.</summary>
    public T Choose<T>(string key, Choice<T> choice) where T : struct, Enum => choice.Of(String(key));

    /// <summary>A boolean.</summary>
    public bool Bool(string key) => (bool)Required(key);

    /// <summary>A boolean, or null for an optional key left unset ("the model's default").</summary>
    public bool? BoolOrNull(string key) => Value(key) is { } v ? (bool)v : null;

    /// <summary>A list of whole numbers.</summary>
    public IReadOnlyList<int> Ints(string key) =>
        ((IEnumerable<object>)Required(key)).Select(o => Convert.ToInt32(o, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A list of numbers.</summary>
    public IReadOnlyList<double> Doubles(string key) =>
        ((IEnumerable<object>)Required(key)).Select(o => Convert.ToDouble(o, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A list of strings.</summary>
    public IReadOnlyList<string> Strings(string key) => ((IEnumerable<object>)Required(key)).Cast<string>().ToArray();

    private object Required(string key) =>
        Value(key) ?? throw new InvalidOperationException($"hyperparameter '{key}' is required and not set; validation should have refused this trial");

    private object? Value(string key)
    {
        if (!_definitions.TryGetValue(key, out var definition))
            throw new InvalidOperationException($"'{key}' is not an option of this schema (known: {string.Join(", ", _definitions.Keys.Order(StringComparer.Ordinal))})");
        return _trial.Get(key) ?? definition.DefaultFor(_version);
    }
}
