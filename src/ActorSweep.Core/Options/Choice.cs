using ActorSweep.Core.Study;

namespace ActorSweep.Core.Options;

/// <summary>
/// A closed set of words a study file may give a key, each bound once to a value of <typeparamref name="T"/>: the key is
/// checked against the words at load and read as the enum (<see cref="OptionValues.Choose{T}"/>), so that no code switches
/// on the string again at run time. The words are part of the study-file format (and of task ids): never rename one.
/// </summary>
/// <typeparam name="T">The enum the words stand for.</typeparam>
public sealed class Choice<T> where T : struct, Enum
{
    private readonly (string Word, T Value)[] _words;

    /// <summary>A choice of <paramref name="words"/>, each a distinct word for a distinct value.</summary>
    public Choice(params (string Word, T Value)[] words)
    {
        if (words.Select(w => w.Word).Distinct(StringComparer.Ordinal).Count() != words.Length || words.Select(w => w.Value).Distinct().Count() != words.Length)
            throw new ArgumentException("each word names one value and each value has one word", nameof(words));
        _words = words;
    }

    /// <summary>The words, in declaration order.</summary>
    public IReadOnlyList<string> Words => _words.Select(w => w.Word).ToArray();

    /// <summary>The word of <paramref name="value"/>.</summary>
    public string WordOf(T value)
    {
        foreach (var (word, v) in _words)
            if (EqualityComparer<T>.Default.Equals(v, value)) return word;
        throw new ArgumentOutOfRangeException(nameof(value), value, $"no word for {typeof(T).Name}.{value}");
    }

    /// <summary>The value <paramref name="word"/> names; throws listing the words.</summary>
    public T Of(string word)
    {
        foreach (var (w, value) in _words)
            if (string.Equals(w, word, StringComparison.Ordinal)) return value;
        throw new ArgumentException($"'{word}' is not one of {string.Join(", ", Words)}", nameof(word));
    }

    /// <summary>The string option <paramref name="key"/> with <paramref name="fallback"/>'s word as its default, checked against the words.</summary>
    public HparamDefinition Option(string key, T fallback) => new(key, HparamType.String, WordOf(fallback), HparamChecks.OneOf(Words.ToArray()));
}
