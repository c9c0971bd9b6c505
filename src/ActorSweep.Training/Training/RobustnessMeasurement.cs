using ActorSweep.Core.Robustness;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data.Corrupted;
using ActorSweep.Training.Models;
using ActorSweep.Training.Numerics;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// Measures a network off its training distribution as <see cref="RobustnessEvaluation"/> asks: its accuracy on each
/// corrupted copy of the test split (<see cref="CorruptedTestSets"/>) and under FGSM and PGD. Attacks start from a fixed
/// generator, so two networks are attacked from the same random starts.
/// </summary>
public static class RobustnessMeasurement
{
    private const int CleanBatch = 2000;
    private const int AttackBatch = 500;

    /// <summary>The seed of the PGD random starts of evaluation (the same for every task).</summary>
    public const ulong AttackStartSeed = 0x5047_4453_5441_5254UL;   // "PGDSTART"

    /// <summary>The measurements of <paramref name="model"/> as it is, labelled with <paramref name="point"/> (early-stop or final).</summary>
    public static IReadOnlyList<RobustnessPoint> Measure(SparseNet model, DeviceData data, RobustnessEvaluation evaluation, string point)
    {
        var result = new List<RobustnessPoint>();
        if (!evaluation.IsRequested) return result;
        var test = data.Splits.Test;
        var device = data.TestX.device;
        using var space = new PixelSpace(data.InputNormalization, test.Channels, device);
        foreach (var name in evaluation.Corruptions)
        {
            var severity = Corruptions.SeverityOf(name, evaluation.Severity);
            using var scope = NewDisposeScope();
            // The 8-bit images to the device as they are, scaled there (b / 255 in float, as CorruptedTestSets.Of scales them).
            var pixels = tensor(CorruptedTestSets.Bytes(test, name, severity), new long[] { test.Count, test.Channels, test.Height, test.Width })
                .to(device).to(float32).Over(255);
            var inputs = space.FromPixels(pixels);
            var (_, accuracy) = Evaluation.LossAndAccuracy(model, inputs, data.TestY, CleanBatch);
            result.Add(new RobustnessPoint(point, RobustnessPoint.Corruption, name, severity, null, null, test.Count, accuracy));
        }
        if (evaluation.Attacks.Count == 0) return result;
        var n = evaluation.Examples == 0 ? test.Count : Math.Min(evaluation.Examples, test.Count);
        foreach (var attack in evaluation.Attacks)
        {
            using var start = new Generator(AttackStartSeed);
            long correct = 0;
            for (var first = 0; first < n; first += AttackBatch)
            {
                using var scope = NewDisposeScope();
                var len = Math.Min(AttackBatch, n - first);
                var x = space.ToPixels(data.TestX.narrow(0, first, len));
                var y = data.TestY.narrow(0, first, len);
                var adversarial = attack == RobustnessEvaluation.Fgsm
                    ? Attacks.Fgsm(model, space, x, y, evaluation.Epsilon)
                    : Attacks.Pgd(model, space, x, y, evaluation.Epsilon, evaluation.PgdSteps, evaluation.PgdStepSize, start);
                using (no_grad())
                {
                    var wasTraining = model.training;
                    model.eval();
                    correct += model.forward(space.FromPixels(adversarial)).argmax(1).eq(y).sum().item<long>();
                    if (wasTraining) model.train();
                }
            }
            result.Add(new RobustnessPoint(point, RobustnessPoint.Attack, attack, 0, evaluation.Epsilon,
                attack == RobustnessEvaluation.Fgsm ? 1 : evaluation.PgdSteps, n, correct / (double)n));
        }
        return result;
    }
}
