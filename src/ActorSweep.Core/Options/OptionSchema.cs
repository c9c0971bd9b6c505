using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Options;

/// <summary>
/// The options of one method (or of the <c>training { }</c> block) as a typed record: every key with its
/// type, default and constraint, and how the record is built from a trial's hyperparameters. Each default
/// is stated once, in its definition; binding fills every key a trial leaves out with the default of
/// <em>this</em> schema, so the same key may have different defaults in different methods (<c>distribution</c>
/// is <c>uniform</c> for random pruning and <c>erk</c> for SET and RigL).
/// </summary>
/// <typeparam name="T">The options record.</typeparam>
public sealed class OptionSchema<T>
{
    private readonly Func<OptionValues, T> _bind;
    private readonly IReadOnlyDictionary<string, HparamDefinition> _byKey;

    /// <summary>A schema of <paramref name="definitions"/> whose record <paramref name="bind"/> builds.</summary>
    public OptionSchema(IEnumerable<HparamDefinition> definitions, Func<OptionValues, T> bind)
    {
        Definitions = definitions.ToArray();
        _byKey = Definitions.ToDictionary(d => d.Key, StringComparer.Ordinal);
        if (_byKey.Count != Definitions.Count) throw new ArgumentException("an option schema lists a key twice", nameof(definitions));
        _bind = bind;
    }

    /// <summary>The keys, in the order listings show them.</summary>
    public IReadOnlyList<HparamDefinition> Definitions { get; }

    /// <summary>The definition of <paramref name="key"/>, or null when this schema has no such key.</summary>
    public HparamDefinition? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>
    /// The typed options of a trial: its values where set, this schema's defaults (of the study's
    /// <see cref="DefaultsVersion"/>) elsewhere.
    /// </summary>
    public T Bind(Hparams trial, int defaultsVersion = DefaultsVersion.Current) => _bind(new OptionValues(trial, _byKey, DefaultsVersion.Check(defaultsVersion)));
}
