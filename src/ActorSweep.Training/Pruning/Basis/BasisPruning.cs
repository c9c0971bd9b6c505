using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Models;

namespace ActorSweep.Training.Pruning.Basis;

/// <summary>Magnitude pruning in a basis: what is ranked, and the mask labelled with the basis it keeps coefficients of.</summary>
public static class BasisPruning
{
    /// <summary>
    /// The mask <paramref name="rank"/> draws from the magnitudes of <paramref name="basis"/> (the weights themselves in the
    /// canonical basis, their coefficients in another), labelled with that basis.
    /// </summary>
    public static Mask Prune(string basis, IReadOnlyList<PrunableLayer> layers, IReadOnlyDictionary<string, float[]> weights,
        Func<IReadOnlyDictionary<string, float[]>, Mask> rank) =>
        InBasis(rank(Magnitudes(basis, layers, weights)), basis);

    /// <summary>The values whose magnitudes are ranked: the weights themselves in the canonical basis, their coefficients in another.</summary>
    public static IReadOnlyDictionary<string, float[]> Magnitudes(string basis, IReadOnlyList<PrunableLayer> layers, IReadOnlyDictionary<string, float[]> weights) =>
        basis == WeightBases.Canonical ? weights
            : layers.ToDictionary(l => l.Name, l => WeightBasis.ToCoefficients(basis, l, weights[l.Name]), StringComparer.Ordinal);

    /// <summary>The mask as a mask of <paramref name="basis"/>'s coefficients.</summary>
    public static Mask InBasis(Mask mask, string basis) =>
        basis == WeightBases.Canonical ? mask : new Mask(mask.Layers, mask.Layers.ToDictionary(l => l.Name, l => mask[l.Name])) { Basis = basis };
}
