using ActorSweep.Training.Models;

namespace ActorSweep.Training.Pruning.AtInit;

/// <summary>Masks from per-weight scores: keep the highest scores, globally or with given per-layer counts.</summary>
public static class ScoreMasks
{
    /// <summary>
    /// Keeps the <c>total − ⌊sparsity·total⌋</c> highest scores over all layers together (global top-k,
    /// as Synaptic-Flow's global masking); ties go to the earlier layer and position, so the result is
    /// deterministic. Weights with a score of −∞ are never kept unless there are not enough others.
    /// </summary>
    public static Mask GlobalTopK(IReadOnlyList<PrunableLayer> layers, IReadOnlyDictionary<string, float[]> scores, double sparsity)
    {
        var total = layers.Sum(l => l.Count);
        var keep = total - (long)Math.Floor(sparsity * total);
        var all = new List<(float Score, int Layer, int Index)>((int)total);
        for (var li = 0; li < layers.Count; li++)
        {
            var s = scores[layers[li].Name];
            for (var i = 0; i < s.Length; i++) all.Add((s[i], li, i));
        }
        all.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Layer != b.Layer ? a.Layer.CompareTo(b.Layer) : a.Index.CompareTo(b.Index));
        var values = layers.ToDictionary(l => l.Name, l => new float[l.Count]);
        for (var k = 0; k < keep; k++) values[layers[all[k].Layer].Name][all[k].Index] = 1f;
        return new Mask(layers, values);
    }

    /// <summary>Keeps, in each layer, its given count of highest scores (ties to the lower index).</summary>
    public static Mask TopKPerLayer(IReadOnlyList<PrunableLayer> layers, IReadOnlyDictionary<string, float[]> scores, IReadOnlyDictionary<string, long> keep)
    {
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var l in layers)
        {
            var s = scores[l.Name];
            var order = Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).ThenBy(i => i).Take((int)keep[l.Name]);
            var m = new float[s.Length];
            foreach (var i in order) m[i] = 1f;
            values[l.Name] = m;
        }
        return new Mask(layers, values);
    }
}
