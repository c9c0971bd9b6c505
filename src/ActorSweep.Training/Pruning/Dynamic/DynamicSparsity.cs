using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Models;
using ActorSweep.Training.Optimization;
using ActorSweep.Training.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Pruning.Dynamic;

/// <summary>
/// SET and RigL mask updates, as google-research/rigl's SparseSETOptimizer / SparseRigLOptimizer:
/// at step t (0-based, before the step) with begin 0 ≤ t ≤ end and t a multiple of ΔT, each layer
/// drops ⌊drop_fraction(t)·active⌋ active weights of smallest |w| (plus N(0, 1e-5) noise to break
/// ties) and grows as many among the weights then inactive — at random (SET) or by largest |dense
/// gradient| of this step's batch (RigL). Grown weights that were inactive start at zero with their
/// optimizer state zeroed; per-layer counts are unchanged. RigL's update replaces that step's optimizer
/// step; SET's follows it (as in the reference code).
/// </summary>
public sealed class DynamicSparsity : IMaskUpdater
{
    private readonly GrowthCriterion _growth;
    private readonly int _updateEvery;
    private readonly int _endStep;
    private readonly double _dropFraction;
    private readonly bool _cosine;
    private readonly ulong _seed;
    private readonly IReadOnlyCollection<string> _dense;

    /// <summary>An updater that grows by <paramref name="growth"/> on <paramref name="schedule"/> over <paramref name="iterations"/> steps.</summary>
    /// <param name="growth">How connections are regrown.</param>
    /// <param name="iterations">Training steps (the schedule ends at a fraction of them).</param>
    /// <param name="schedule">When and how much.</param>
    /// <param name="seed">The mask-update stream.</param>
    /// <param name="denseLayers">Layers left dense and never updated (rigl's unpruned first layer).</param>
    public DynamicSparsity(GrowthCriterion growth, int iterations, MaskUpdateSchedule schedule, ulong seed, IReadOnlyCollection<string>? denseLayers = null)
    {
        _dense = denseLayers ?? Array.Empty<string>();
        _growth = growth;
        _updateEvery = schedule.UpdateEvery;
        _endStep = (int)(schedule.EndFraction * iterations);
        _dropFraction = schedule.DropFraction;
        _cosine = schedule.DropSchedule == MaskUpdateSchedule.Cosine;
        _seed = seed;
    }

    /// <summary>Mask updates done so far.</summary>
    public int Updates { get; private set; }

    /// <inheritdoc />
    public bool IsUpdateStep(int step) => step >= 0 && step <= _endStep && step % _updateEvery == 0;

    /// <inheritdoc />
    public bool ReplacesOptimizerStep => _growth == GrowthCriterion.Gradient;

    /// <summary>The drop fraction at <paramref name="step"/>: α, or α·½(1 + cos(π·min(t, end)/end)) (TF cosine_decay).</summary>
    public double DropFractionAt(int step)
    {
        if (!_cosine) return _dropFraction;
        if (_endStep <= 0) return _dropFraction;
        var t = Math.Min(step, _endStep);
        return _dropFraction * 0.5 * (1 + Math.Cos(Math.PI * t / _endStep));
    }

    /// <inheritdoc />
    public void Update(int step, SparseNet model, IReadOnlyDictionary<string, Tensor> masks, optim.Optimizer optimizer) =>
        Update(step, model, masks, optimizer, DropFractionAt(step));

    /// <summary>An update that drops <paramref name="fraction"/> of each layer's active weights (EDST's large prune-and-regrow) and grows as many.</summary>
    public void Update(int step, SparseNet model, IReadOnlyDictionary<string, Tensor> masks, optim.Optimizer optimizer, double fraction)
    {
        var parameters = model.named_parameters().Select((p, i) => (p.name, p.parameter, Index: i)).ToDictionary(p => p.name);
        var layerIndex = 0;
        foreach (var layer in model.PrunableLayers)
        {
            if (_dense.Contains(layer.Name)) { layerIndex++; continue; }
            using var scope = NewDisposeScope();
            var (_, w, paramIndex) = parameters[layer.Name];
            var mask = masks[layer.Name];
            var flatMask = mask.reshape(-1);
            var n = flatMask.shape[0];
            var ones = (long)flatMask.sum().item<float>();
            var prune = (long)Math.Floor(ones * fraction);
            var keep = ones - prune;
            using var g = new Generator(RandomStreams.MaskUpdate(_seed, step, layerIndex++));

            var scoreDrop = (w.detach() * mask).abs().reshape(-1).Plus(randn(new[] { n }, generator: g, device: w.device).Times(1e-5));
            var keptIdx = scoreDrop.topk((int)keep).indexes;
            var mask1 = HeldScalars.With(1.0, one => zeros(n, device: w.device).index_fill_(0, keptIdx, one));

            Tensor scoreGrow = _growth == GrowthCriterion.Gradient
                ? (w.grad ?? throw new InvalidOperationException($"RigL needs the dense gradient of {layer.Name}")).detach().abs().reshape(-1)
                : rand(new[] { n }, generator: g, device: w.device);
            var lifted = HeldScalars.With(1, one => where(mask1.eq(one), scoreGrow.min().sub(one), scoreGrow));
            var grownIdx = lifted.topk((int)prune).indexes;
            var mask2 = HeldScalars.With(1.0, one => zeros(n, device: w.device).index_fill_(0, grownIdx, one));

            var newConnections = HeldScalars.With(1, one => HeldScalars.With(0, zero => mask2.eq(one).logical_and(flatMask.eq(zero)))).reshape(mask.shape);
            using (no_grad())
            {
                HeldScalars.With(0.0, zero => w.masked_fill_(newConnections, zero));
                OptimizerStates.ZeroWhere(optimizer, paramIndex, newConnections);
                mask.copy_(mask1.Plus(mask2).reshape(mask.shape));
            }
        }
        Updates++;
    }
}
