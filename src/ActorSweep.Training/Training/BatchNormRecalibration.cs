using ActorSweep.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// PyTorch's <c>torch.optim.swa_utils.update_bn</c>: every batch norm's running statistics reset and recomputed as the
/// cumulative average over one pass of the training data in train mode (momentum 1/k for the k-th batch, what
/// <c>momentum = None</c> does), then the momenta restored.
/// </summary>
public static class BatchNormRecalibration
{
    /// <summary>Recalibrates <paramref name="model"/>'s batch norms on <paramref name="x"/> in batches of <paramref name="batchSize"/>; false when it has none.</summary>
    public static bool Run(SparseNet model, Tensor x, int batchSize)
    {
        var norms = model.modules().OfType<BatchNorm>().ToList();
        if (norms.Count == 0) return false;
        var momenta = norms.Select(n => n.momentum).ToList();
        var wasTraining = model.training;
        foreach (var n in norms) n.reset_running_stats();
        model.train();
        using (no_grad())
        {
            var count = x.shape[0];
            var k = 0;
            for (long start = 0; start < count; start += batchSize)
            {
                k++;
                foreach (var n in norms) n.momentum = 1.0 / k;
                using var scope = NewDisposeScope();
                model.forward(x.narrow(0, start, Math.Min(batchSize, count - start)));
            }
        }
        for (var i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
        if (!wasTraining) model.eval();
        return true;
    }
}
