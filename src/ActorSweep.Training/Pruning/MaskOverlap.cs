namespace ActorSweep.Training.Pruning;

/// <summary>
/// Intersections of masks of the same layers (COLT's <c>colt2</c>: a weight survives only where every mask keeps it)
/// and how much the masks agree: intersection over union of the kept weights, over the layers given.
/// </summary>
public static class MaskOverlap
{
    /// <summary>The mask that keeps a weight where every one of <paramref name="masks"/> keeps it.</summary>
    public static Mask Intersection(IReadOnlyList<Mask> masks)
    {
        if (masks.Count == 0) throw new ArgumentException("no masks to intersect", nameof(masks));
        var layers = masks[0].Layers;
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var and = (float[])masks[0][layer.Name].Clone();
            foreach (var m in masks.Skip(1))
            {
                var other = m[layer.Name];
                if (other.Length != and.Length) throw new ArgumentException($"masks of layer {layer.Name} differ in size: {and.Length} and {other.Length}");
                for (var i = 0; i < and.Length; i++) if (other[i] == 0f) and[i] = 0f;
            }
            values[layer.Name] = and;
        }
        return new Mask(layers, values);
    }

    /// <summary>
    /// |∩ kept| / |∪ kept| of <paramref name="masks"/> over the layers <paramref name="include"/> accepts (1 when the masks
    /// are equal; 1 when nothing is kept anywhere).
    /// </summary>
    public static double IntersectionOverUnion(IReadOnlyList<Mask> masks, Func<Models.PrunableLayer, bool> include)
    {
        long both = 0, any = 0;
        foreach (var layer in masks[0].Layers.Where(include))
        {
            var n = masks[0][layer.Name].Length;
            for (var i = 0; i < n; i++)
            {
                var all = true; var some = false;
                foreach (var m in masks)
                {
                    var kept = m[layer.Name][i] != 0f;
                    all &= kept; some |= kept;
                }
                if (all) both++;
                if (some) any++;
            }
        }
        return any == 0 ? 1.0 : both / (double)any;
    }
}
