using ActorSweep.Core.Methods.AtInit;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.Distribution;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Pruning.AtInit;

/// <summary>The mask a pruning-at-initialisation method chooses for a freshly initialised model.</summary>
public static class PruneAtInit
{
    /// <summary>
    /// Computes the mask of <paramref name="method"/> at <c>method.sparsity</c>. The model's weights are
    /// left as they were (SynFlow scores a masked copy of them and restores them).
    /// </summary>
    public static Mask Choose(string method, SparseNet model, DeviceData data, Hparams h, ulong seed)
    {
        var sparsity = h.GetDouble(HparamKeys.Sparsity, double.NaN);
        var layers = model.PrunableLayers;
        switch (method)
        {
            case PruneAtInitMethod.Snip:
            {
                var (x, y) = InitScores.BalancedBatch(data, h.GetInt(HparamKeys.SamplesPerClass, PruneAtInitMethod.DefaultSamplesPerClass), seed);
                using (x) using (y) return ScoreMasks.GlobalTopK(layers, InitScores.Snip(model, x, y), sparsity);
            }
            case PruneAtInitMethod.Grasp:
            {
                var (x, y) = InitScores.BalancedBatch(data, h.GetInt(HparamKeys.SamplesPerClass, PruneAtInitMethod.DefaultSamplesPerClass), seed);
                using (x) using (y) return ScoreMasks.GlobalTopK(layers, InitScores.Grasp(model, x, y, h.GetDouble(HparamKeys.GraspTemperature, PruneAtInitMethod.DefaultGraspTemperature)), sparsity);
            }
            case PruneAtInitMethod.SynFlow:
                return SynFlow(model, new long[] { data.Splits.Train.Channels, data.Splits.Train.Height, data.Splits.Train.Width },
                    sparsity, h.GetInt(HparamKeys.PruneIterations, PruneAtInitMethod.DefaultPruneIterations));
            case PruneAtInitMethod.Random:
                return RandomMasks.WithLayerCounts(layers, LayerDensities.KeptCounts(layers, sparsity, h.GetString(HparamKeys.Distribution, LayerDistributions.Uniform)!), seed);
            default:
                throw new NotSupportedException($"pruning at init '{method}' is not implemented; known: {PruneAtInitMethod.Snip}, {PruneAtInitMethod.Grasp}, {PruneAtInitMethod.SynFlow}, {PruneAtInitMethod.Random}");
        }
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
