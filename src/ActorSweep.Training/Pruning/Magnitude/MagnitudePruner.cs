using ActorSweep.Training.Models;

namespace ActorSweep.Training.Pruning.Magnitude;

/// <summary>
/// Magnitude pruning among the weights a mask still keeps: the smallest |w| go. Counts follow
/// open_lth (pruning/sparse_global.py): n = ceil(fraction × remaining). open_lth then takes
/// threshold = sorted(|w|)[n] and keeps |w| &gt; threshold, so it always removes one weight more than
/// asked (the n smallest and the one at index n), and more when magnitudes tie at the threshold; here
/// exactly n are removed (ties broken by position), so kept counts are exact and reproducible.
/// </summary>
public static class MagnitudePruner
{
    /// <summary>
    /// Layerwise (Frankle &amp; Carbin): each layer removes <paramref name="rateOf"/>(its kind) of its
    /// own remaining weights.
    /// </summary>
    public static Mask Layerwise(Mask current, IReadOnlyDictionary<string, float[]> weights, Func<LayerKind, double> rateOf)
    {
        var next = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var layer in current.Layers)
        {
            var count = (long)Math.Ceiling(rateOf(layer.Kind) * current.Kept(layer.Name) - 1e-9);
            next[layer.Name] = RemoveSmallest(new[] { layer }, current, weights, count)[layer.Name];
        }
        return new Mask(current.Layers, next);
    }

    /// <summary>
    /// Global (open_lth's sparse_global): one ranking over every remaining prunable weight, removing
    /// <paramref name="fraction"/> of them; with <paramref name="excludeOutput"/> the output layer is
    /// neither ranked nor pruned.
    /// </summary>
    public static Mask Global(Mask current, IReadOnlyDictionary<string, float[]> weights, double fraction, bool excludeOutput)
    {
        var ranked = current.Layers.Where(l => !(excludeOutput && l.Kind == LayerKind.Output)).ToArray();
        var remaining = ranked.Sum(l => current.Kept(l.Name));
        var count = (long)Math.Ceiling(fraction * remaining - 1e-9);
        return Merge(current, RemoveSmallest(ranked, current, weights, count));
    }

    /// <summary>
    /// Global pools by layer kind (COLT's <c>lth_global_unstructured_pruning</c>): the layers of each kind are one
    /// ranking, removing <paramref name="rateOf"/>(kind) of that pool's remaining weights; a kind at rate 0 is not touched.
    /// </summary>
    public static Mask PoolsByKind(Mask current, IReadOnlyDictionary<string, float[]> weights, Func<LayerKind, double> rateOf)
    {
        var changed = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var pool in current.Layers.GroupBy(l => l.Kind))
        {
            var rate = rateOf(pool.Key);
            if (rate <= 0) continue;
            var ranked = pool.ToArray();
            var count = (long)Math.Ceiling(rate * ranked.Sum(l => current.Kept(l.Name)) - 1e-9);
            foreach (var (name, kept) in RemoveSmallest(ranked, current, weights, count)) changed[name] = kept;
        }
        return Merge(current, changed);
    }

    /// <summary>
    /// One-shot pruning to a target <paramref name="sparsity"/> (fraction of all prunable weights removed).
    /// Layerwise: every layer to that sparsity, the output layer to half of it (the paper's output rate is
    /// half the hidden rate). Global: one ranking to the overall target (optionally leaving the output layer).
    /// </summary>
    public static Mask OneShot(Mask current, IReadOnlyDictionary<string, float[]> weights, double sparsity, bool global, bool excludeOutput)
    {
        if (global)
        {
            var ranked = current.Layers.Where(l => !(excludeOutput && l.Kind == LayerKind.Output)).ToArray();
            var keep = (long)Math.Round((1 - sparsity) * ranked.Sum(l => l.Count));
            var remove = Math.Max(0, ranked.Sum(l => current.Kept(l.Name)) - keep);
            return Merge(current, RemoveSmallest(ranked, current, weights, remove));
        }
        var next = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var layer in current.Layers)
        {
            var s = layer.Kind == LayerKind.Output ? sparsity / 2 : sparsity;
            var keep = (long)Math.Round((1 - s) * layer.Count);
            var remove = Math.Max(0, current.Kept(layer.Name) - keep);
            next[layer.Name] = RemoveSmallest(new[] { layer }, current, weights, remove)[layer.Name];
        }
        return new Mask(current.Layers, next);
    }

    private static Mask Merge(Mask current, IReadOnlyDictionary<string, float[]> changed) =>
        new(current.Layers, current.Layers.ToDictionary(l => l.Name, l => changed.TryGetValue(l.Name, out var v) ? v : current[l.Name]));

    private static Dictionary<string, float[]> RemoveSmallest(IReadOnlyList<PrunableLayer> layers, Mask current, IReadOnlyDictionary<string, float[]> weights, long count)
    {
        var candidates = new List<(float Magnitude, int Layer, int Index)>();
        for (var li = 0; li < layers.Count; li++)
        {
            var m = current[layers[li].Name];
            var w = weights[layers[li].Name];
            if (w.Length != m.Length) throw new ArgumentException($"weights of {layers[li].Name} have {w.Length} entries, the mask {m.Length}");
            for (var i = 0; i < m.Length; i++)
                if (m[i] != 0f) candidates.Add((Math.Abs(w[i]), li, i));
        }
        if (count > candidates.Count) throw new InvalidOperationException($"cannot prune {count} of {candidates.Count} remaining weights");
        candidates.Sort((a, b) => a.Magnitude != b.Magnitude ? a.Magnitude.CompareTo(b.Magnitude) : a.Layer != b.Layer ? a.Layer.CompareTo(b.Layer) : a.Index.CompareTo(b.Index));
        var result = layers.ToDictionary(l => l.Name, l => (float[])current[l.Name].Clone());
        for (var k = 0; k < count; k++) result[layers[candidates[k].Layer].Name][candidates[k].Index] = 0f;
        return result;
    }
}
