using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>Mean cross-entropy and accuracy of a model over a whole split, in batches, without gradients.</summary>
public static class Evaluation
{
    /// <summary>(mean loss, accuracy in [0, 1]).</summary>
    public static (double Loss, double Accuracy) LossAndAccuracy(SparseNet model, Tensor x, Tensor y, int batch)
    {
        var n = x.shape[0];
        if (n == 0) return (double.NaN, double.NaN);
        var wasTraining = model.training;
        model.eval();
        double lossSum = 0;
        long correct = 0;
        using (no_grad())
        {
            for (long start = 0; start < n; start += batch)
            {
                using var scope = NewDisposeScope();
                var len = Math.Min(batch, n - start);
                var xb = x.narrow(0, start, len);
                var yb = y.narrow(0, start, len);
                var logits = model.forward(xb);
                lossSum += nn.functional.cross_entropy(logits, yb, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(yb).sum().item<long>();
            }
        }
        if (wasTraining) model.train();
        return (lossSum / n, correct / (double)n);
    }
}
