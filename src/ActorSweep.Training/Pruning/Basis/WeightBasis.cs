using System.Collections.Concurrent;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Pruning.Basis;

/// <summary>
/// A fully connected layer's weights in another basis (the generalized lottery ticket): coefficients C = L·W·Rᵀ with
/// orthonormal L (out × out) and R (in × in), and the constraint a coefficient mask m puts on W,
/// W ← Lᵀ·(m ⊙ (L·W·Rᵀ))·R — the orthogonal projection onto the span of the kept coefficients, applied wherever the
/// canonical mask is multiplied in (at the start and after every step). With plain SGD this is exactly SGD on the kept
/// coefficients; with Adam it is Adam on W, projected. A random basis is seeded by the layer's name, so every task of a
/// study (and every study) uses the same one.
/// </summary>
public static class WeightBasis
{
    private static readonly ConcurrentDictionary<(string, string, long, long, string), Lazy<(Tensor L, Tensor R)>> OnDevice = new();

    /// <summary>The layer's coefficients in <paramref name="basis"/>, as a flat array like the weights (row-major out × in).</summary>
    public static float[] ToCoefficients(string basis, PrunableLayer layer, float[] weights)
    {
        var (l, r) = Matrices(basis, layer, CPU, float64);
        using var scope = NewDisposeScope();
        var w = tensor(weights, layer.Shape).to(float64);
        return l.matmul(w).matmul(r.t()).to(float32).contiguous().data<float>().ToArray();
    }

    /// <summary>The weights whose coefficients are <paramref name="coefficients"/> (the inverse of <see cref="ToCoefficients"/>).</summary>
    public static float[] FromCoefficients(string basis, PrunableLayer layer, float[] coefficients)
    {
        var (l, r) = Matrices(basis, layer, CPU, float64);
        using var scope = NewDisposeScope();
        var c = tensor(coefficients, layer.Shape).to(float64);
        return l.t().matmul(c).matmul(r).to(float32).contiguous().data<float>().ToArray();
    }

    /// <summary>Every prunable weight projected onto the span of its kept coefficients (the mask's basis; in place).</summary>
    public static void Project(SparseNet model, IReadOnlyDictionary<string, Tensor> masks, string basis) => Projector(model, masks, basis)();

    /// <summary>
    /// <see cref="Project"/> with the weights, masks and basis matrices looked up once: the training loop calls it after every
    /// step.
    /// </summary>
    public static Action Projector(SparseNet model, IReadOnlyDictionary<string, Tensor> masks, string basis)
    {
        var parameters = model.ParametersByName();
        var layers = model.PrunableLayers.Select(layer =>
        {
            var w = parameters[layer.Name];
            var (l, r) = Matrices(basis, layer, w.device, w.dtype);
            return (W: w, Mask: masks[layer.Name], L: l, R: r);
        }).ToArray();
        return () =>
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            foreach (var (w, mask, l, r) in layers)
            {
                var coefficients = l.matmul(w).matmul(r.t()).mul_(mask);
                w.copy_(l.t().matmul(coefficients).matmul(r));
            }
        };
    }

    private static (Tensor L, Tensor R) Matrices(string basis, PrunableLayer layer, Device device, ScalarType dtype)
    {
        if (layer.Shape.Length != 2)
            throw new DeterministicTaskFailure($"basis {basis} transforms weight matrices; layer {layer.Name} has shape [{string.Join(", ", layer.Shape)}] (a convolution); use basis {WeightBases.Canonical}");
        return OnDevice.GetOrAdd((basis, layer.Name, layer.Shape[0], layer.Shape[1], $"{device}/{dtype}"), _ => new Lazy<(Tensor, Tensor)>(() =>
        {
            var seed = Seed(layer.Name);
            var l = tensor(Flat(BasisMatrices.Of(basis, (int)layer.Shape[0], seed)), new[] { layer.Shape[0], layer.Shape[0] }).to(dtype).to(device);
            var r = tensor(Flat(BasisMatrices.Of(basis, (int)layer.Shape[1], seed ^ 0x5245_4752_4F55_5051UL)), new[] { layer.Shape[1], layer.Shape[1] }).to(dtype).to(device);
            l.DetachFromDisposeScope();
            r.DetachFromDisposeScope();
            return (l, r);
        })).Value;
    }

    /// <summary>FNV-1a of the layer's name: the seed of its random basis (pinned by the basis tests).</summary>
    public static ulong Seed(string layerName)
    {
        var h = 14695981039346656037UL;
        foreach (var c in layerName) { h ^= c; h *= 1099511628211UL; }
        return h;
    }

    private static double[] Flat(double[,] m)
    {
        var n = m.GetLength(0);
        var flat = new double[n * n];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            flat[i * n + j] = m[i, j];
        return flat;
    }
}
