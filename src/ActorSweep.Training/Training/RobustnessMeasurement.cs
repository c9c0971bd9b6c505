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

    /// <summary>
    /// The corruption measurements of a predictor that is not one network (a CARD-Deck): <paramref name="logits"/> maps network
    /// inputs to logits; its accuracy on each corrupted copy of the test split.
    /// </summary>
    public static IReadOnlyList<RobustnessPoint> MeasureCorruptions(Func<Tensor, Tensor> logits, DeviceData data, RobustnessEvaluation evaluation, string point)
    {
        var result = new List<RobustnessPoint>();
        var test = data.Splits.Test;
        using var space = new PixelSpace(data.InputNormalization, test.Channels, data.TestX.device);
        foreach (var name in evaluation.Corruptions)
        {
            var severity = Corruptions.SeverityOf(name, evaluation.Severity);
            using var scope = NewDisposeScope();
            var inputs = CorruptedInputs(data, space, name, severity);
            long correct = 0;
            for (long first = 0; first < test.Count; first += CleanBatch)
            {
                using var batch = NewDisposeScope();
                var len = Math.Min(CleanBatch, test.Count - first);
                correct += logits(inputs.narrow(0, first, len)).argmax(1).eq(data.TestY.narrow(0, first, len)).sum().item<long>();
            }
            result.Add(new RobustnessPoint(point, RobustnessPoint.Corruption, name, severity, null, null, test.Count, correct / (double)test.Count));
        }
        return result;
    }

    /// <summary>The corrupted test split as network inputs: the 8-bit images to the device as they are, scaled there (b / 255 in float, as CorruptedTestSets.Of scales them), normalised.</summary>
    private static Tensor CorruptedInputs(DeviceData data, PixelSpace space, string name, int severity)
    {
        var test = data.Splits.Test;
        var pixels = tensor(CorruptedTestSets.Bytes(test, name, severity), new long[] { test.Count, test.Channels, test.Height, test.Width })
            .to(data.TestX.device).to(float32).Over(255);
        return space.FromPixels(pixels);
    }

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
            var inputs = CorruptedInputs(data, space, name, severity);
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
