using ActorSweep.Training.Models;

namespace ActorSweep.Training.Pruning;

/// <summary>
/// Binary masks of a model's prunable weights (1 = kept), held as plain arrays so pruning decisions
/// are exact, testable and independent of the device. Biases have no mask: they are never pruned.
/// </summary>
public sealed class Mask
{
    private readonly Dictionary<string, float[]> _values;

    /// <summary>Wraps per-layer 0/1 arrays; each must match its layer's size.</summary>
    public Mask(IReadOnlyList<PrunableLayer> layers, IReadOnlyDictionary<string, float[]> values)
    {
        Layers = layers;
        _values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var l in layers)
        {
            if (!values.TryGetValue(l.Name, out var v)) throw new ArgumentException($"mask has no entry for layer {l.Name}");
            if (v.LongLength != l.Count) throw new ArgumentException($"mask of {l.Name} has {v.Length} entries, the layer {l.Count}");
            _values[l.Name] = v;
        }
    }

    /// <summary>
    /// The basis whose coefficients the mask keeps (<see cref="Core.Sparsity.WeightBases"/>): <c>canonical</c>, the weights
    /// themselves, for every mask but a generalized ticket's. Saved with the mask, so every task that reads it applies it in
    /// that basis.
    /// </summary>
    public string Basis { get; init; } = Core.Sparsity.WeightBases.Canonical;

    /// <summary>The layers the mask covers.</summary>
    public IReadOnlyList<PrunableLayer> Layers { get; }

    /// <summary>The dense mask: every weight kept.</summary>
    public static Mask Ones(IReadOnlyList<PrunableLayer> layers) =>
        new(layers, layers.ToDictionary(l => l.Name, l => Enumerable.Repeat(1f, checked((int)l.Count)).ToArray()));

    /// <summary>The 0/1 array of a layer (do not modify).</summary>
    public float[] this[string layer] => _values[layer];

    /// <summary>Weights kept in a layer.</summary>
    public long Kept(string layer) => _values[layer].LongCount(v => v != 0f);

    /// <summary>Weights kept over all prunable layers.</summary>
    public long TotalKept => Layers.Sum(l => Kept(l.Name));

    /// <summary>All prunable weights.</summary>
    public long TotalCount => Layers.Sum(l => l.Count);

    /// <summary>Fraction of prunable weights kept.</summary>
    public double Density => TotalKept / (double)TotalCount;
}
