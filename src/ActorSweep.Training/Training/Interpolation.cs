using ActorSweep.Core.Tasks;
using ActorSweep.Training.Models;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Training;

/// <summary>
/// Linear interpolation between two networks of the same architecture (Frankle et al. 2020):
/// θ(α) = (1−α)·θ_A + α·θ_B for every floating-point parameter and buffer, evaluated on the test and
/// training splits at evenly spaced α from 0 to 1.
/// </summary>
public static class Interpolation
{
    private const int EvalBatch = 2000;

    /// <summary>The loss and accuracy along the line at <paramref name="points"/> α's; <paramref name="probe"/> is overwritten.</summary>
    public static IReadOnlyList<InterpolationPoint> Evaluate(SparseNet a, SparseNet b, SparseNet probe, DeviceData data, int points)
    {
        var sa = a.state_dict();
        var sb = b.state_dict();
        var target = probe.state_dict();
        var line = new List<InterpolationPoint>(points);
        for (var i = 0; i < points; i++)
        {
            var alpha = i / (double)(points - 1);
            MixStates(sa, sb, target, alpha);
            var (testLoss, testAcc) = Evaluation.LossAndAccuracy(probe, data.TestX, data.TestY, EvalBatch);
            var (trainLoss, trainAcc) = Evaluation.LossAndAccuracy(probe, data.TrainX, data.TrainY, EvalBatch);
            line.Add(new InterpolationPoint(alpha, testLoss, testAcc, trainLoss, trainAcc));
        }
        return line;
    }

    /// <summary>
    /// θ ← (1 − α)·θ_a + α·θ_b for every floating-point entry of <paramref name="into"/>'s state; integer entries (batch
    /// norm's step count) from the nearer end. The line of LMC and the points of WiSE-FT.
    /// </summary>
    public static void Mix(SparseNet a, SparseNet b, SparseNet into, double alpha) => MixStates(a.state_dict(), b.state_dict(), into.state_dict(), alpha);

    private static void MixStates(IDictionary<string, Tensor> sa, IDictionary<string, Tensor> sb, IDictionary<string, Tensor> target, double alpha)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (key, t) in target)
        {
            if (t.is_floating_point()) t.copy_(sa[key].Times(1 - alpha).Plus(sb[key].Times(alpha)));
            else t.copy_(alpha < 0.5 ? sa[key] : sb[key]);
        }
    }

    /// <summary>Instability: the largest test error on the line minus the mean of the endpoints' test errors.</summary>
    public static double Instability(IReadOnlyList<InterpolationPoint> line) =>
        line.Max(p => 1 - p.TestAccuracy) - ((1 - line[0].TestAccuracy) + (1 - line[^1].TestAccuracy)) / 2;
}
