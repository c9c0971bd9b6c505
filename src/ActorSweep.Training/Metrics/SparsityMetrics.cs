using ActorSweep.Core.Tasks;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorSweep.Training.Metrics;

/// <summary>
/// ShrinkBench's size and speed metrics for a masked model: per prunable layer its weights, non-zero
/// weights and theoretical multiply-adds per example — a linear layer in·out, a convolution
/// in·out·kh·kw per output position (found by one forward pass with hooks) — and, for the model,
/// the dense multiply-adds and the sparse ones (each layer scaled by its fraction of non-zero weights).
/// Compression = all parameters / non-zero parameters; theoretical speed-up = dense / sparse FLOPs.
/// </summary>
public static class SparsityMetrics
{
    /// <summary>Per-layer statistics and the model's dense and sparse multiply-adds.</summary>
    public static (IReadOnlyList<LayerStat> Layers, double FlopsDense, double FlopsSparse) Measure(SparseNet model, Mask mask, int channels, int height, int width)
    {
        var positions = OutputPositions(model, channels, height, width);
        var layers = new List<LayerStat>();
        double dense = 0, sparse = 0;
        foreach (var l in model.PrunableLayers)
        {
            var flops = (double)l.Count * positions[l.Name];
            var kept = mask.Kept(l.Name);
            layers.Add(new LayerStat(l.Name, l.Kind.ToString().ToLowerInvariant(), l.Count, kept, flops));
            dense += flops;
            sparse += flops * kept / l.Count;
        }
        return (layers, dense, sparse);
    }

    /// <summary>Output positions per prunable layer: 1 for a linear layer, H_out·W_out for a convolution.</summary>
    public static IReadOnlyDictionary<string, long> OutputPositions(SparseNet model, int channels, int height, int width)
    {
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        var result = model.PrunableLayers.ToDictionary(l => l.Name, _ => 1L);
        var hooks = new List<Action>();
        foreach (var l in model.PrunableLayers)
        {
            var owner = l.Name.EndsWith(".weight", StringComparison.Ordinal) ? l.Name[..^".weight".Length] : l.Name;
            if (!modules.TryGetValue(owner, out var module) || module is not Conv2d conv) continue;
            var name = l.Name;
            var remover = conv.register_forward_hook((_, _, output) =>
            {
                result[name] = output.shape[^1] * output.shape[^2];
                return output;
            });
            hooks.Add(remover.remove);
        }
        if (hooks.Count > 0)
        {
            var wasTraining = model.training;
            model.eval();
            using (no_grad())
            using (NewDisposeScope())
            {
                var device = model.parameters().First().device;
                model.forward(zeros(new long[] { 1, channels, height, width }, device: device));
            }
            if (wasTraining) model.train();
            foreach (var remove in hooks) remove();
        }
        return result;
    }
}
