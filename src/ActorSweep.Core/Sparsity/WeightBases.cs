namespace ActorSweep.Core.Sparsity;

/// <summary>
/// The bases magnitude pruning can rank and mask coefficients in — the generalized lottery ticket hypothesis
/// (Alabdulmohsin, Markeeva, Keysers, Tolstikhin 2021): a fully connected layer's weight matrix W (out × in) is written as
/// C = L·W·Rᵀ with orthonormal L and R, the smallest |C| are pruned, and the layer is trained within the span of the kept
/// coefficients (after every step W ← Lᵀ·(m ⊙ (L·W·Rᵀ))·R). <c>canonical</c> (L = R = I) is ordinary magnitude pruning.
/// </summary>
public static class WeightBases
{
    /// <summary>The weights themselves.</summary>
    public const string Canonical = "canonical";

    /// <summary>The orthonormal DCT-II along both axes of the weight matrix (the paper's DCT basis).</summary>
    public const string Dct = "dct";

    /// <summary>Haar-random orthogonal matrices along both axes, seeded per layer (the same basis for every task).</summary>
    public const string RandomOrthogonal = "random-orthogonal";

    /// <summary>The singular vectors of the trained weights (pruning as rank reduction): not implemented.</summary>
    public const string LowRank = "low-rank";

    /// <summary>Every name a study may write (low-rank is refused by name until it is implemented).</summary>
    public static IReadOnlyList<string> All { get; } = new[] { Canonical, Dct, RandomOrthogonal, LowRank };

    /// <summary>The message for a basis this build does not implement, or null.</summary>
    public static string? NotImplemented(string basis) => basis == LowRank
        ? $"basis {LowRank} is not implemented: a fixed SVD basis makes every coefficient off the diagonal zero, so magnitude pruning in it is not rank reduction; implemented bases: {Canonical}, {Dct}, {RandomOrthogonal}"
        : null;
}
