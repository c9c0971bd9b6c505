using System.Collections.Immutable;
using System.Globalization;
using ActorSweep.Core.Hocon;

namespace ActorSweep.Core.Study;

/// <summary>
/// One known hyperparameter: key, type, default and constraint. Values equal to the default are
/// dropped from a trial's hyperparameters so that ids survive the addition of new keys.
/// </summary>
/// <param name="Key">Full dotted key, e.g. <c>training.lr</c>.</param>
/// <param name="Type">Value type.</param>
/// <param name="Default">Default value (null = none: the key is required unless <paramref name="Optional"/>).</param>
/// <param name="Check">Returns an error text ("must be > 0") or null when the value is acceptable.</param>
/// <param name="Optional">True when the key may stay unset without a default (e.g. "the model's default rate").</param>
public sealed record HparamDefinition(string Key, HparamType Type, object? Default, Func<object, string?>? Check = null, bool Optional = false)
{
    /// <summary>
    /// Whether this key picks the level a result is at or the branches a trial adds (sparsity, rounds, controls,
    /// interpolation points, baselines, soups) rather than how the method trains: the report then never splits a method into
    /// variants by it. Declared with the key (<see cref="AsLevel"/>), so that a new method's report labels need no edit elsewhere.
    /// </summary>
    public bool PicksLevel { get; init; }

    /// <summary>This key, declared as one that picks a level or adds branches (<see cref="PicksLevel"/>).</summary>
    public HparamDefinition AsLevel() => this with { PicksLevel = true };

    /// <summary>
    /// Whether this key only decides which tasks a trial has — how many rounds, which control branches — and never what any
    /// of them computes. Such keys are left out of a task's <see cref="Tasks.TaskSpec.ResultKey"/>, so a study that adds
    /// rounds or controls reuses, from the task store, every task it shares with one that had fewer. Declare it only where
    /// that holds for every task of the method (IMP's rounds prune a fixed fraction each: round k never depends on how many
    /// follow; a method whose per-round rate is derived from the number of rounds must not declare it).
    /// </summary>
    public bool ShapesGraphOnly { get; init; }

    /// <summary>This key, declared as one that only decides which tasks exist (<see cref="ShapesGraphOnly"/>).</summary>
    public HparamDefinition GraphOnly() => this with { ShapesGraphOnly = true };

    /// <summary>Defaults of earlier <see cref="DefaultsVersion"/>s: (versions below <c>Before</c>, their default).</summary>
    public IReadOnlyList<(int Before, object? Default)> EarlierDefaults { get; init; } = Array.Empty<(int, object?)>();

    /// <summary>This key with <paramref name="earlier"/> as its default in studies of a version below <paramref name="before"/>.</summary>
    public HparamDefinition DefaultBefore(int before, object? earlier) => this with { EarlierDefaults = EarlierDefaults.Append((before, earlier)).OrderBy(e => e.Item1).ToArray() };

    /// <summary>The default in a study of <paramref name="version"/>.</summary>
    public object? DefaultFor(int version)
    {
        foreach (var (before, value) in EarlierDefaults)
            if (version < before) return value;
        return Default;
    }

    /// <summary>What a value of this type looks like, for "expected …" errors.</summary>
    public string Expected => Type switch
    {
        HparamType.String => "a string",
        HparamType.Int => "a whole number",
        HparamType.Double => "a number",
        HparamType.Bool => "true or false",
        HparamType.IntList => "a list of whole numbers",
        HparamType.StringList => "a list of strings",
        HparamType.DoubleList => "a list of numbers",
        _ => Type.ToString(),
    };

    /// <summary>The last segment of the key (what is written inside a <c>training {}</c> or method block).</summary>
    public string ShortKey => Key[(Key.IndexOf('.') + 1)..];

    /// <summary>Converts a parsed node to a value of this type, or returns an error text.</summary>
    public (object? Value, string? Error) Convert(HoconNode node)
    {
        object? value = null;
        switch (Type)
        {
            case HparamType.String:
                if (node is HoconScalar { IsNull: false } s) value = s.Text;
                break;
            case HparamType.Int:
                if (node is HoconScalar si && si.TryGetLong(out var l)) value = l;
                break;
            case HparamType.Double:
                if (node is HoconScalar sd && sd.TryGetDouble(out var d)) value = d;
                break;
            case HparamType.Bool:
                if (node is HoconScalar sb && sb.TryGetBool(out var b)) value = b;
                break;
            case HparamType.IntList:
                if (node is HoconArray ai)
                {
                    var items = new List<object>();
                    foreach (var item in ai.Items)
                    {
                        if (item is HoconScalar x && x.TryGetLong(out var li)) items.Add(li);
                        else return (null, $"expected {Expected}, got {Describe(item)}");
                    }
                    value = ImmutableArray.CreateRange(items);
                }
                break;
            case HparamType.DoubleList:
                if (node is HoconArray ad)
                {
                    var items = new List<object>();
                    foreach (var item in ad.Items)
                    {
                        if (item is HoconScalar x && x.TryGetDouble(out var di)) items.Add(di);
                        else return (null, $"expected {Expected}, got {Describe(item)}");
                    }
                    value = ImmutableArray.CreateRange(items);
                }
                break;
            case HparamType.StringList:
                if (node is HoconArray aS)
                {
                    var items = new List<object>();
                    foreach (var item in aS.Items)
                    {
                        if (item is HoconScalar { IsNull: false } x) items.Add(x.Text);
                        else return (null, $"expected {Expected}, got {Describe(item)}");
                    }
                    value = ImmutableArray.CreateRange(items);
                }
                break;
        }
        if (value is null) return (null, $"expected {Expected}, got {Describe(node)}");
        var problem = Check?.Invoke(value);
        return problem is null ? (value, null) : (null, $"{problem}, got {ValueText.Format(value)}");
    }

    /// <summary>True when the value equals the default (and so is left out of the canonical form).</summary>
    public bool IsDefault(object value, int version = DefaultsVersion.Current) =>
        DefaultFor(version) is { } d && ActorSweep.Core.Tasks.Hparams.FormatCanonical(Normalize(value)) == ActorSweep.Core.Tasks.Hparams.FormatCanonical(Normalize(d));

    private static object Normalize(object v) => v switch { int i => (long)i, float f => (double)f, _ => v };

    internal static string Describe(HoconNode node) => node switch
    {
        HoconScalar s when s.Quoted => $"\"{s.Text}\"",
        HoconScalar s => $"'{s.Text}'",
        _ => node.KindName,
    };
}
