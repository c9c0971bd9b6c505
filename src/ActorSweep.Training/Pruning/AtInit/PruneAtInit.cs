using ActorSweep.Training.Models;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Pruning.AtInit;

/// <summary>
/// The masks that pruning-at-initialisation criteria choose for a freshly initialised model, at a target
/// sparsity (global top-k of the scores of <see cref="InitScores"/>). Mechanisms, not methods: the SNIP,
/// GraSP and SynFlow trainers use them, and so may any method that needs such a mask as a baseline.
/// </summary>
public static class PruneAtInit
{
    /// <summary>SNIP's mask: |g ⊙ θ| on <paramref name="samplesPerClass"/> examples per class drawn with <paramref name="seed"/>.</summary>
    public static Mask Snip(SparseNet model, DeviceData data, int samplesPerClass, double sparsity, ulong seed)
    {
        var (x, y) = InitScores.BalancedBatch(data, samplesPerClass, seed);
        using (x) using (y) return ScoreMasks.GlobalTopK(model.PrunableLayers, InitScores.Snip(model, x, y), sparsity);
    }

    /// <summary>GraSP's mask: Hg ⊙ θ with logits / <paramref name="temperature"/> on a class-balanced batch.</summary>
    public static Mask Grasp(SparseNet model, DeviceData data, int samplesPerClass, double temperature, double sparsity, ulong seed)
    {
        var (x, y) = InitScores.BalancedBatch(data, samplesPerClass, seed);
        using (x) using (y) return ScoreMasks.GlobalTopK(model.PrunableLayers, InitScores.Grasp(model, x, y, temperature), sparsity);
    }

    /// <summary>
    /// Iterative SynFlow: <paramref name="iterations"/> rounds, round k keeping density^(k/n) of the
    /// weights by global top-k of scores computed with the current mask (Synaptic-Flow's exponential
    /// schedule). This follows the paper; VITA-Group/ElasticLTH's synflow_global scores with the data
    /// loss instead, which is not SynFlow.
    /// </summary>
    public static Mask SynFlow(SparseNet model, long[] inputShape, double sparsity, int iterations)
    {
        var layers = model.PrunableLayers;
        var parameters = model.ParametersByName();
        var original = layers.ToDictionary(l => l.Name, l => { var c = parameters[l.Name].detach().clone(); c.DetachFromDisposeScope(); return c; });
        var mask = Mask.Ones(layers);
        try
        {
            var density = 1 - sparsity;
            for (var k = 1; k <= iterations; k++)
            {
                var masks = TrainingLoop.MaskTensors(model, mask, original.Values.First().device);
                TrainingLoop.ApplyMasks(model, masks);
                foreach (var m in masks.Values) m.Dispose();
                var scores = InitScores.SynFlow(model, inputShape);
                mask = ScoreMasks.GlobalTopK(layers, scores, 1 - Math.Pow(density, k / (double)iterations));
                using (no_grad()) foreach (var l in layers) parameters[l.Name].copy_(original[l.Name]);
            }
        }
        finally
        {
            foreach (var t in original.Values) t.Dispose();
        }
        return mask;
    }
}
