using ActorSweep.Core.Study;

namespace ActorSweep.Training.Data;

/// <summary>
/// Applies <see cref="LabelNoise"/> to training labels, as he-zh/sparse-double-descent does: <c>random</c> draws ⌈N·f⌉
/// uniform labels and the examples that get them (the first ⌈N·f⌉ of a permutation), from two streams of the seed;
/// the transition-matrix kinds draw each example's new label from its true label's row. The draws come from
/// <see cref="SplitMix64"/> (the reference uses NumPy's generator), so the noisy examples differ from the reference's
/// but follow the same law.
/// </summary>
public static class NoisyLabels
{
    /// <summary>
    /// New labels for <paramref name="labels"/> of a <paramref name="classes"/>-way task of <paramref name="dataset"/> (the
    /// input is not changed); <paramref name="defaultsVersion"/> picks the asymmetric map (<see cref="LabelNoise.AsymmetricMapOf"/>).
    /// </summary>
    public static byte[] Apply(IReadOnlyList<byte> labels, int classes, LabelNoise noise, ulong seed, string dataset, int defaultsVersion = DefaultsVersion.Current)
    {
        var result = labels.ToArray();
        if (!noise.IsNoisy) return result;
        if (noise.Problem(classes, dataset, defaultsVersion) is { } problem) throw new ArgumentException(problem, nameof(noise));
        var n = result.Length;
        if (noise.Kind == LabelNoise.Asymmetric && LabelNoise.AsymmetricMapOf(dataset, classes, defaultsVersion) == AsymmetricMap.Cifar10Flips)
        {
            // datasets/cifar10.py: per flipped class i, its examples in a seeded shuffle; the first ⌈nᵢ·f⌉ take the pair.
            foreach (var (from, to) in LabelNoise.Cifar10Flips)
            {
                var indices = Enumerable.Range(0, n).Where(i => labels[i] == from).ToArray();
                var order = new SplitMix64(seed + 3 + (ulong)from).Permutation(indices.Length);
                var flip = (int)Math.Ceiling(indices.Length * noise.Fraction);
                for (var k = 0; k < flip; k++) result[indices[order[k]]] = (byte)to;
            }
            return result;
        }
        if (noise.Kind == LabelNoise.Random)
        {
            var count = (int)Math.Ceiling(n * noise.Fraction);
            var draws = new SplitMix64(seed);
            var values = Enumerable.Range(0, count).Select(_ => (byte)draws.NextInt(classes)).ToArray();
            var positions = new SplitMix64(seed + 1).Permutation(n);
            for (var i = 0; i < count; i++) result[positions[i]] = values[i];
            return result;
        }
        var p = noise.Transitions(classes);
        var g = new SplitMix64(seed + 2);
        for (var i = 0; i < n; i++)
        {
            var from = result[i];
            var u = g.NextDouble();
            var to = classes - 1;
            double cumulative = 0;
            for (var j = 0; j < classes; j++)
            {
                cumulative += p[from, j];
                if (u < cumulative) { to = j; break; }
            }
            if (p[from, to] == 0) to = from;   // rounding at the top of a row never lands on an impossible class
            result[i] = (byte)to;
        }
        return result;
    }
}
