using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Optimization;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// Trains a masked model: Adam or SGD (momentum, Nesterov, weight decay), the learning-rate schedule
/// per iteration, masks re-applied after every optimizer step (Adam's moments otherwise revive pruned
/// weights), evaluation on validation and test at the start, every <c>eval-every</c> iterations and at
/// the end. Each iteration runs in its own dispose scope, so memory stays flat over long runs. It names
/// no method: what a method changes comes in as <see cref="TrainingHooks"/>.
/// </summary>
public static class TrainingLoop
{
    private const int EvalBatch = 2000;

    /// <summary>
    /// Trains from <see cref="TrainingRun.StartIteration"/> (0, or k when rewound to θ_k) to
    /// <c>training.iterations</c>. Data order is a seeded permutation per epoch, so a run rewound to k sees
    /// the same batches from k on as the dense run did. The method's <see cref="TrainingRun.Hooks"/> change
    /// the loss, the learning rate, the mask, and what happens after steps and evaluations.
    /// </summary>
    public static TrainOutcome Train(SparseNet model, Mask mask, DeviceData data, TrainingHparams h, TrainingRun run)
    {
        var hooks = run.Hooks;
        if (hooks.Loss is not null && h.LabelSmoothing > 0)
            throw new DeterministicTaskFailure($"this method trains with its own loss (distillation); {Core.Tasks.HparamKeys.LabelSmoothing} = {h.LabelSmoothing} cannot apply to it");
        var learningRate = hooks.LearningRate ?? h.LearningRateAt;
        var updater = hooks.MaskUpdater;
        var device = data.TrainX.device;
        var masks = MaskTensors(model, mask, device);
        var constrain = Constraint(model, masks, mask.Basis);
        constrain();
        using var optimizer = CreateOptimizer(model, h);
        var curve = new List<CurvePoint>();
        var n = (int)data.TrainX.shape[0];
        var perEpoch = Math.Max(1, n / h.BatchSize);
        Tensor? order = null;   // the epoch's permutation as indices on the device; a batch is a view of it
        var orderEpoch = -1;
        double lossSum = 0;
        var lossCount = 0;

        // The early-stop point (minimum validation loss, earliest on ties) is tracked as evaluations happen; unless the
        // study asks for a test curve, its weights are kept in memory and the test split is measured there and at the end only.
        using var best = new BestWeights(model);
        var bestIndex = -1;
        var keepBest = !h.TestCurve || h.Robustness.IsRequested;   // the early-stop weights are measured again at the end
        var adversarial = h.Adversarial;
        var augmentation = h.Augmentation;
        using var pixelSpace = adversarial.IsOn || augmentation.IsOn ? new PixelSpace(data.InputNormalization, data.Splits.Train.Channels, device) : null;

        void Evaluate(int iteration, bool final = false)
        {
            var (valLoss, valAcc) = Evaluation.LossAndAccuracy(model, data.ValX, data.ValY, EvalBatch);
            var testAcc = h.TestCurve || final ? Evaluation.LossAndAccuracy(model, data.TestX, data.TestY, EvalBatch).Accuracy : double.NaN;
            var point = new CurvePoint(iteration, lossCount > 0 ? lossSum / lossCount : double.NaN, valLoss, valAcc, testAcc);
            curve.Add(point);
            if (valLoss < (bestIndex < 0 ? double.PositiveInfinity : curve[bestIndex].ValLoss))
            {
                bestIndex = curve.Count - 1;
                if (keepBest && !final) best.Keep(model);
            }
            lossSum = 0;
            lossCount = 0;
            hooks.AfterEvaluation?.Invoke(point, model);
            run.Progress(new TaskProgress(run.TaskId, iteration, h.Iterations, valAcc));
        }

        model.train();
        Evaluate(run.StartIteration);
        hooks.AfterStep?.Invoke(run.StartIteration);
        var end = hooks.StopAfter?.Invoke(run.StartIteration) == true ? run.StartIteration : h.Iterations;
        for (var it = run.StartIteration; it < end; it++)
        {
            run.Cancellation.ThrowIfCancellationRequested();
            var epoch = it / perEpoch;
            if (epoch != orderEpoch)
            {
                var permutation = new SplitMix64(RandomStreams.EpochOrder(run.DataOrder, epoch)).Permutation(n);
                order?.Dispose();
                order = tensor(Array.ConvertAll(permutation, i => (long)i), device: device);
                order.DetachFromDisposeScope();
                orderEpoch = epoch;
            }
            var offset = it % perEpoch * h.BatchSize;
            foreach (var g in optimizer.ParamGroups) g.LearningRate = learningRate(it);

            using (NewDisposeScope())
            {
                var idx = order!.narrow(0, offset, Math.Min(h.BatchSize, n - offset));
                var x = data.TrainX.index_select(0, idx);
                if (data.Splits.Augment)
                {
                    using var g = new Generator(RandomStreams.Augmentation(run.DataOrder, it));   // per iteration: rewound runs replay it
                    x = BatchAugmentation.Apply(x, g, data.PadFill);
                }
                if (augmentation.IsOn) x = Data.Augmentation.PixelAugmentation.Apply(x, pixelSpace!, augmentation, RandomStreams.TrainingAugmentation(run.DataOrder, it));
                var y = data.TrainY.index_select(0, idx);
                if (adversarial.IsOn) x = AdversarialBatch(model, pixelSpace!, x, y, adversarial, RandomStreams.Adversarial(run.DataOrder, it));
                optimizer.zero_grad();
                var logits = model.forward(x);
                var loss = hooks.Loss is { } customLoss ? customLoss(logits, x, y)
                    : h.LabelSmoothing > 0 ? SmoothedCrossEntropy(logits, y, h.LabelSmoothing)
                    : nn.functional.cross_entropy(logits, y);
                loss.backward();
                hooks.BeforeStep?.Invoke(model);
                var maskUpdate = updater?.IsUpdateStep(it) ?? false;
                if (!(maskUpdate && updater!.ReplacesOptimizerStep)) optimizer.step();
                if (maskUpdate) updater!.Update(it, model, masks, optimizer);
                constrain();
                var value = loss.item<float>();
                if (float.IsNaN(value) || float.IsInfinity(value))
                    throw new DeterministicTaskFailure($"training loss is {value} at iteration {it + 1} (lr {learningRate(it)}); the run diverged");
                lossSum += value;
                lossCount++;
            }
            var done = it + 1;
            hooks.AfterStep?.Invoke(done);
            if (hooks.StopAfter?.Invoke(done) == true) end = done;
            if (done % h.EvalEvery == 0 || done == end) Evaluate(done, final: done == end);
            else if (done % 100 == 0) run.Progress(new TaskProgress(run.TaskId, done, h.Iterations, curve[^1].ValAccuracy));
        }
        order?.Dispose();
        if (curve[^1].Iteration != end) Evaluate(end, final: true);
        else if (double.IsNaN(curve[^1].TestAccuracy)) curve[^1] = curve[^1] with { TestAccuracy = Evaluation.LossAndAccuracy(model, data.TestX, data.TestY, EvalBatch).Accuracy };
        var finalMask = updater is null ? null : ReadMask(model, masks);
        foreach (var m in masks.Values) m.Dispose();

        // Without a validation split there is no early-stop point: the end stands in for it.
        if (bestIndex < 0) bestIndex = curve.Count - 1;
        if (double.IsNaN(curve[bestIndex].TestAccuracy))
            curve[bestIndex] = curve[bestIndex] with { TestAccuracy = best.Evaluate(model, m => Evaluation.LossAndAccuracy(m, data.TestX, data.TestY, EvalBatch).Accuracy) };
        var (_, trainAcc) = Evaluation.LossAndAccuracy(model, data.TrainX, data.TrainY, EvalBatch);
        var stop = curve[bestIndex];
        return new TrainOutcome(end - run.StartIteration, curve, stop.Iteration, stop.TestAccuracy, curve[^1].TestAccuracy, trainAcc)
        {
            FinalMask = finalMask,
            Robustness = MeasureRobustness(model, best, data, h, atEnd: bestIndex == curve.Count - 1),
        };
    }

    /// <summary>
    /// The robustness measurements at the end and at the early-stop point (the kept weights; the same weights when the
    /// end is the early-stop point, measured once).
    /// </summary>
    private static IReadOnlyList<RobustnessPoint> MeasureRobustness(SparseNet model, BestWeights best, DeviceData data, TrainingHparams h, bool atEnd)
    {
        if (!h.Robustness.IsRequested) return Array.Empty<RobustnessPoint>();
        var final = RobustnessMeasurement.Measure(model, data, h.Robustness, RobustnessPoint.Final);
        var early = atEnd ? final.Select(p => p with { Point = RobustnessPoint.EarlyStop }).ToList()
            : best.Evaluate(model, m => RobustnessMeasurement.Measure(m, data, h.Robustness, RobustnessPoint.EarlyStop));
        return early.Concat(final).ToList();
    }

    /// <summary>The batch's adversarial examples (Madry et al.'s adversarial training), as network inputs.</summary>
    private static Tensor AdversarialBatch(SparseNet model, PixelSpace space, Tensor x, Tensor y, Core.Robustness.AdversarialTraining adversarial, ulong startSeed)
    {
        var pixels = space.ToPixels(x);
        if (adversarial.Kind == Core.Robustness.RobustnessEvaluation.Fgsm) return space.FromPixels(Attacks.Fgsm(model, space, pixels, y, adversarial.Epsilon));
        using var start = new Generator(startSeed);
        return space.FromPixels(Attacks.Pgd(model, space, pixels, y, adversarial.Epsilon, adversarial.Steps, adversarial.StepSize, start));
    }

    /// <summary>
    /// ToST's <c>loss_label_smoothing</c>: cross-entropy against targets of 1 − α on the true class and α/(C − 1) on every
    /// other, averaged over the batch.
    /// </summary>
    public static Tensor SmoothedCrossEntropy(Tensor logits, Tensor labels, double alpha)
    {
        var classes = logits.shape[1];
        var other = alpha / (classes - 1);
        // Scalars held in locals for the length of the native calls (see KeptScalarAdam); the same operations as before.
        using var onTrue = (1 - alpha - other).ToScalar();
        using var onOther = other.ToScalar();
        using var one = 1.ToScalar();
        using var batch = logits.shape[0].ToScalar();
        var targets = nn.functional.one_hot(labels, classes).to(logits.dtype).mul_(onTrue).add_(onOther, one);
        return -(nn.functional.log_softmax(logits, 1) * targets).sum().div(batch);
    }

    private static Mask ReadMask(SparseNet model, IReadOnlyDictionary<string, Tensor> masks) =>
        new(model.PrunableLayers, model.PrunableLayers.ToDictionary(l => l.Name, l =>
        {
            using var cpu = masks[l.Name].to(float32).cpu().contiguous();
            return cpu.data<float>().ToArray();
        }));

    /// <summary>
    /// What holds the weights to the mask, resolved once: multiplying each prunable weight by its mask in the canonical
    /// basis, projecting it onto the span of its kept coefficients in another (<see cref="Pruning.Basis.WeightBasis"/>).
    /// </summary>
    public static Action Constraint(SparseNet model, IReadOnlyDictionary<string, Tensor> masks, string basis) =>
        basis == Core.Sparsity.WeightBases.Canonical ? () => ApplyMasks(model, masks) : Pruning.Basis.WeightBasis.Projector(model, masks, basis);

    /// <summary>Multiplies each prunable weight by its mask in place.</summary>
    public static void ApplyMasks(SparseNet model, IReadOnlyDictionary<string, Tensor> masks)
    {
        using var _ = no_grad();
        var parameters = model.ParametersByName();
        foreach (var (name, m) in masks) parameters[name].mul_(m);
    }

    /// <summary>The mask as tensors on <paramref name="device"/>, outside any dispose scope (caller disposes).</summary>
    public static Dictionary<string, Tensor> MaskTensors(SparseNet model, Mask mask, Device device)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var l in model.PrunableLayers)
        {
            var t = tensor(mask[l.Name], l.Shape).to(device);
            t.DetachFromDisposeScope();
            result[l.Name] = t;
        }
        return result;
    }

    private static optim.Optimizer CreateOptimizer(SparseNet model, TrainingHparams h) => h.Optimizer switch
    {
        "adam" => new KeptScalarAdam(model.parameters(), h.LearningRate, h.WeightDecay),
        "sgd" => new KeptScalarSgd(model.parameters(), h.LearningRate, h.Momentum, h.WeightDecay, h.Nesterov),
        _ => throw new NotSupportedException($"optimizer '{h.Optimizer}' is not implemented; known: adam, sgd"),
    };
}
