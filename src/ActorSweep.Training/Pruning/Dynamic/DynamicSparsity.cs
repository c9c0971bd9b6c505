using ActorSweep.Core.Methods.Dynamic;
using ActorSweep.Training.Models;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

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
    private readonly string _method;
    private readonly int _updateEvery;
    private readonly int _endStep;
    private readonly double _dropFraction;
    private readonly bool _cosine;
    private readonly ulong _seed;

    /// <summary>An updater for <paramref name="method"/> (<c>set</c> or <c>rigl</c>) over <paramref name="iterations"/> steps.</summary>
    public DynamicSparsity(string method, int iterations, int updateEvery, double dropFraction, double endFraction, string schedule, ulong seed)
    {
        if (method is not (DynamicSparseMethod.Set or DynamicSparseMethod.RigL))
            throw new NotSupportedException($"dynamic sparse training '{method}' is not implemented; known: {DynamicSparseMethod.Set}, {DynamicSparseMethod.RigL}");
        _method = method;
        _updateEvery = updateEvery;
        _endStep = (int)(endFraction * iterations);
        _dropFraction = dropFraction;
        _cosine = schedule == DynamicSparseMethod.Cosine;
        _seed = seed;
    }

    /// <summary>Mask updates done so far.</summary>
    public int Updates { get; private set; }

    /// <inheritdoc />
    public bool IsUpdateStep(int step) => step >= 0 && step <= _endStep && step % _updateEvery == 0;

    /// <inheritdoc />
    public bool ReplacesOptimizerStep => _method == DynamicSparseMethod.RigL;

    /// <summary>The drop fraction at <paramref name="step"/>: α, or α·½(1 + cos(π·min(t, end)/end)) (TF cosine_decay).</summary>
    public double DropFractionAt(int step)
    {
        if (!_cosine) return _dropFraction;
        if (_endStep <= 0) return _dropFraction;
        var t = Math.Min(step, _endStep);
        return _dropFraction * 0.5 * (1 + Math.Cos(Math.PI * t / _endStep));
    }

    /// <inheritdoc />
    public void Update(int step, SparseNet model, IReadOnlyDictionary<string, Tensor> masks, optim.Optimizer optimizer)
    {
        var fraction = DropFractionAt(step);
        var parameters = model.named_parameters().Select((p, i) => (p.name, p.parameter, Index: i)).ToDictionary(p => p.name);
        var layerIndex = 0;
        foreach (var layer in model.PrunableLayers)
        {
            using var scope = NewDisposeScope();
            var (_, w, paramIndex) = parameters[layer.Name];
            var mask = masks[layer.Name];
            var flatMask = mask.reshape(-1);
            var n = flatMask.shape[0];
            var ones = (long)flatMask.sum().item<float>();
            var prune = (long)Math.Floor(ones * fraction);
            var keep = ones - prune;
            using var g = new Generator(_seed * 1_000_003UL + (ulong)step * 7919UL + (ulong)layerIndex++);

            var scoreDrop = (w.detach() * mask).abs().reshape(-1) + randn(new[] { n }, generator: g, device: w.device) * 1e-5;
            var keptIdx = scoreDrop.topk((int)keep).indexes;
            var mask1 = zeros(n, device: w.device).index_fill_(0, keptIdx, 1.0);

            Tensor scoreGrow = _method == DynamicSparseMethod.RigL
                ? (w.grad ?? throw new InvalidOperationException($"RigL needs the dense gradient of {layer.Name}")).detach().abs().reshape(-1)
                : rand(new[] { n }, generator: g, device: w.device);
            var lifted = where(mask1.eq(1), scoreGrow.min() - 1, scoreGrow);
            var grownIdx = lifted.topk((int)prune).indexes;
            var mask2 = zeros(n, device: w.device).index_fill_(0, grownIdx, 1.0);

            var newConnections = mask2.eq(1).logical_and(flatMask.eq(0)).reshape(mask.shape);
            using (no_grad())
            {
                w.masked_fill_(newConnections, 0.0);
                OptimizerStates.ZeroWhere(optimizer, paramIndex, newConnections);
                mask.copy_((mask1 + mask2).reshape(mask.shape));
            }
        }
        Updates++;
    }
}

/// <summary>Changes a training run's mask during training (dynamic sparse training).</summary>
public interface IMaskUpdater
{
    /// <summary>True when the mask is updated at <paramref name="step"/> (0-based, before the step).</summary>
    bool IsUpdateStep(int step);

    /// <summary>True when an update step takes no optimizer step (RigL); false when the update follows it (SET).</summary>
    bool ReplacesOptimizerStep { get; }

    /// <summary>Updates <paramref name="masks"/> in place; the loop re-applies them to the weights afterwards.</summary>
    void Update(int step, SparseNet model, IReadOnlyDictionary<string, Tensor> masks, optim.Optimizer optimizer);
}
