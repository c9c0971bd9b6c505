using ActorSweep.Training.Data;

namespace ActorSweep.Training.Pruning.Random;

/// <summary>
/// The random-mask control (Frankle &amp; Carbin): a mask with exactly the same number of kept weights
/// per layer as a reference mask, at uniformly random positions — open_lth's <c>randomly_prune</c>
/// branch with its default strategy <c>layerwise</c>, which shuffles each layer's mask within the layer.
/// (Its other strategies: <c>global</c> shuffles across all layers; <c>even</c> gives every layer the
/// overall density; <c>identity</c> keeps the mask.)
/// </summary>
public static class RandomMasks
{
    /// <summary>A random mask with <paramref name="reference"/>'s per-layer counts, from a seed.</summary>
    public static Mask WithSameLayerCounts(Mask reference, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var layer in reference.Layers)
        {
            var n = checked((int)layer.Count);
            var kept = reference.Kept(layer.Name);
            var m = new float[n];
            foreach (var i in rng.Permutation(n).Take(checked((int)kept))) m[i] = 1f;
            values[layer.Name] = m;
        }
        return new Mask(reference.Layers, values);
    }

    /// <summary>A random mask keeping exactly <paramref name="kept"/>[layer] weights per layer, from a seed.</summary>
    public static Mask WithLayerCounts(IReadOnlyList<Models.PrunableLayer> layers, IReadOnlyDictionary<string, long> kept, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var n = checked((int)layer.Count);
            var m = new float[n];
            foreach (var i in rng.Permutation(n).Take(checked((int)kept[layer.Name]))) m[i] = 1f;
            values[layer.Name] = m;
        }
        return new Mask(layers, values);
    }

    /// <summary>
    /// sparse_learning's <c>constant</c> initialisation: each weight of each layer kept independently with probability
    /// <paramref name="density"/> (<c>torch.rand(shape) &lt; density</c>), so counts vary around numel·density.
    /// </summary>
    public static Mask Bernoulli(IReadOnlyList<Models.PrunableLayer> layers, double density, ulong seed)
    {
        var rng = new SplitMix64(seed);
        return new Mask(layers, layers.ToDictionary(l => l.Name, l =>
        {
            var m = new float[checked((int)l.Count)];
            for (var i = 0; i < m.Length; i++) m[i] = rng.NextDouble() < density ? 1f : 0f;
            return m;
        }, StringComparer.Ordinal));
    }
}
