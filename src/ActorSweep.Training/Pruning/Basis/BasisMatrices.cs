using System.Collections.Concurrent;
using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Data;

namespace ActorSweep.Training.Pruning.Basis;

/// <summary>
/// The orthonormal matrices of a basis, computed in double precision by code of our own (no LAPACK), so they are the same
/// on every machine: the DCT-II matrix, and Haar-random orthogonal matrices by modified Gram–Schmidt on a seeded Gaussian
/// matrix (QR with a positive diagonal of R, which is Haar-distributed). Cached per process.
/// </summary>
public static class BasisMatrices
{
    private static readonly ConcurrentDictionary<(string, int, ulong), Lazy<double[,]>> Cache = new();

    /// <summary>
    /// The n × n orthonormal matrix of <paramref name="basis"/>; <paramref name="seed"/> picks the random one (ignored by the DCT).
    /// Rows are the basis vectors: coefficients are M·x.
    /// </summary>
    public static double[,] Of(string basis, int n, ulong seed) =>
        Cache.GetOrAdd((basis, n, basis == WeightBases.Dct ? 0 : seed), _ => new Lazy<double[,]>(() => basis switch
        {
            WeightBases.Dct => Dct(n),
            WeightBases.RandomOrthogonal => RandomOrthogonal(n, seed),
            _ => throw new ArgumentException($"basis '{basis}' has no matrix; known: {WeightBases.Dct}, {WeightBases.RandomOrthogonal}", nameof(basis)),
        })).Value;

    /// <summary>The orthonormal DCT-II: M[k, j] = s_k·cos(π(2j + 1)k / 2n), s_0 = √(1/n), s_k = √(2/n) (scipy's <c>dct(norm='ortho')</c>).</summary>
    public static double[,] Dct(int n)
    {
        var m = new double[n, n];
        for (var k = 0; k < n; k++)
        {
            var s = Math.Sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (var j = 0; j < n; j++) m[k, j] = s * Math.Cos(Math.PI * (2 * j + 1) * k / (2.0 * n));
        }
        return m;
    }

    /// <summary>A Haar-random orthogonal matrix: the Q of a seeded standard Gaussian matrix by modified Gram–Schmidt (rows).</summary>
    public static double[,] RandomOrthogonal(int n, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var q = new double[n, n];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            q[i, j] = rng.NextGaussian();
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < i; p++)
            {
                double dot = 0;
                for (var j = 0; j < n; j++) dot += q[i, j] * q[p, j];
                for (var j = 0; j < n; j++) q[i, j] -= dot * q[p, j];
            }
            double norm = 0;
            for (var j = 0; j < n; j++) norm += q[i, j] * q[i, j];
            norm = Math.Sqrt(norm);
            for (var j = 0; j < n; j++) q[i, j] /= norm;
        }
        return q;
    }
}
