using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Models;

namespace ActorSweep.Training.Pruning.Distribution;

/// <summary>
/// Per-layer sparsities for a global target, as google-research/rigl's sparse_utils: <c>uniform</c>
/// gives every layer the target; <c>er</c> (Erdős–Rényi) makes a layer's density proportional to
/// (n_in + n_out)/(n_in·n_out) and <c>erk</c> (with kernel) to sum(shape)/prod(shape), with one
/// scale ε chosen so the total kept count equals the uniform one; a layer whose density would exceed
/// 1 is made dense and ε solved again over the rest (the dense-layer fix-up).
/// </summary>
public static class LayerDensities
{
    /// <summary>Sparsity (fraction removed) per layer name.</summary>
    public static IReadOnlyDictionary<string, double> Sparsities(IReadOnlyList<PrunableLayer> layers, double sparsity, LayerDistribution distribution)
    {
        if (sparsity is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "must be in (0, 1)");
        return distribution switch
        {
            LayerDistribution.Uniform => layers.ToDictionary(l => l.Name, _ => sparsity),
            LayerDistribution.ErdosRenyi => ErdosRenyi(layers, sparsity, l => (double)(l.Shape[0] + l.Shape[1]) / (l.Shape[0] * l.Shape[1])),
            LayerDistribution.ErdosRenyiKernel => ErdosRenyi(layers, sparsity, l => l.Shape.Sum() / (double)l.Count),
            _ => throw new NotSupportedException($"layer distribution {distribution} is not implemented; known: {string.Join(", ", LayerDistributions.Words.Words)}"),
        };
    }

    /// <summary>Weights each layer keeps: n − ⌊s·n⌋ (rigl's get_n_zeros).</summary>
    public static IReadOnlyDictionary<string, long> KeptCounts(IReadOnlyList<PrunableLayer> layers, double sparsity, LayerDistribution distribution)
    {
        var s = Sparsities(layers, sparsity, distribution);
        return layers.ToDictionary(l => l.Name, l => l.Count - (long)Math.Floor(s[l.Name] * l.Count));
    }

    private static Dictionary<string, double> ErdosRenyi(IReadOnlyList<PrunableLayer> layers, double sparsity, Func<PrunableLayer, double> raw)
    {
        var dense = new HashSet<string>(StringComparer.Ordinal);
        double eps;
        while (true)
        {
            double divisor = 0, rhs = 0;
            foreach (var l in layers)
            {
                var zeros = Math.Floor(sparsity * l.Count);
                if (dense.Contains(l.Name)) { rhs -= zeros; continue; }
                rhs += l.Count - zeros;
                divisor += raw(l) * l.Count;
            }
            eps = rhs / divisor;
            var candidates = layers.Where(l => !dense.Contains(l.Name)).ToList();
            var maxRaw = candidates.Max(raw);
            if (maxRaw * eps <= 1) break;
            foreach (var l in candidates.Where(l => raw(l) == maxRaw)) dense.Add(l.Name);
        }
        return layers.ToDictionary(l => l.Name, l => dense.Contains(l.Name) ? 0.0 : 1.0 - eps * raw(l));
    }
}
