using ActorSweep.Core.Sparsity;

namespace ActorSweep.Training.Pruning.Basis;

/// <summary>
/// How a mask file says which basis its coefficients are in: an entry <c>basis</c> holding the basis's number (none for the
/// canonical basis, so every mask written before the option existed reads as canonical). Numbers are a file format: never
/// change one.
/// </summary>
public static class MaskBasis
{
    private const string EntryName = "basis";

    private static readonly IReadOnlyDictionary<string, long> Numbers = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        [WeightBases.Dct] = 1, [WeightBases.RandomOrthogonal] = 2,
    };

    /// <summary>The entry to save beside the mask's layers (none for the canonical basis).</summary>
    public static IEnumerable<(string Name, long[] Shape, Array Data)> Entry(string basis)
    {
        if (basis == WeightBases.Canonical) yield break;
        if (!Numbers.TryGetValue(basis, out var number)) throw new ArgumentException($"basis '{basis}' has no number in mask files; known: {string.Join(", ", Numbers.Keys)}");
        yield return (EntryName, new long[] { 1 }, new[] { number });
    }

    /// <summary>The basis a mask file's entries name (canonical without the entry).</summary>
    public static string Of(IEnumerable<(string Name, long[] Shape, Array Data)> entries)
    {
        var entry = entries.FirstOrDefault(e => e.Name == EntryName);
        if (entry.Data is null) return WeightBases.Canonical;
        var number = entry.Data is long[] { Length: 1 } n ? n[0] : throw new InvalidDataException("the mask's basis entry is not one whole number");
        return Numbers.FirstOrDefault(kv => kv.Value == number).Key ?? throw new InvalidDataException($"the mask names basis number {number}, which this build does not know");
    }
}
