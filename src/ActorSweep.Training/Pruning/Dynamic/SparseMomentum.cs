using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Models;
using ActorSweep.Training.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Pruning.Dynamic;

/// <summary>
/// sparse_learning's <c>Masking.truncate_weights</c> (TimDettmers/sparse_learning, <c>sparselearning/core.py</c> and
/// <c>funcs.py</c>), run at the end of every epoch but the last:
/// <list type="number">
/// <item>statistics: each layer's redistribution score — the mean |momentum| over its active weights (Adam:
/// m/(√v + 1e-8); SGD: the momentum buffer), the mean |w| (magnitude), its non-zero count, or numel/baseline (none)
/// — normalised to sum 1;</item>
/// <item>prune rates: the decayed rate, lowered to the layer's sparsity for a layer under 20 % sparse whose score
/// exceeds 1/L (<c>adjust_prune_rate</c>);</item>
/// <item>prune: ⌈rate·nonzeros⌉ smallest |w| of each layer (<c>magnitude_prune</c>);</item>
/// <item>redistribution: layer l regrows ⌈score_l·(removed + adjustment)⌉, capped at 0.99 of its free slots with the
/// excess spread over all layers until nothing is left (<c>calc_growth_redistribution</c>);</item>
/// <item>growth: where |momentum| is largest among the inactive weights (<c>momentum_growth</c>), or each inactive
/// weight with probability regrowth/inactive (<c>random_growth</c>);</item>
/// <item>the growth adjustment: an exponential smoothing of (baseline − non-zeros after growth).</item>
/// </list>
/// Grown weights start at zero; the optimizer state is kept (the momentum of inactive weights is what SNFS grows by).
/// </summary>
public sealed class SparseMomentum : IMaskUpdater
{
    private readonly SparseLearningSchedule _schedule;
    private readonly SparseLearningGrowth _growth;
    private readonly Redistribution _redistribution;
    private readonly int _iterations;
    private readonly int _stepsPerEpoch;
    private readonly double _baselineNonzero;
    private readonly ulong _seed;
    private readonly List<double> _adjustments = new();
    private double _adjustedGrowth;

    /// <summary>An updater for a run of <paramref name="iterations"/> steps with <paramref name="stepsPerEpoch"/> steps per epoch.</summary>
    /// <param name="schedule">The prune rate and its decay.</param>
    /// <param name="growth">Where it regrows.</param>
    /// <param name="redistribution">How the regrowth is shared among layers.</param>
    /// <param name="iterations">Training steps (the decay runs over all of them).</param>
    /// <param name="stepsPerEpoch">Steps per epoch (an update after each epoch but the last).</param>
    /// <param name="baselineNonzero">The reference's <c>baseline_nonzero</c>: Σ numel·density of the initial mask.</param>
    /// <param name="seed">The mask-update stream (random growth).</param>
    public SparseMomentum(SparseLearningSchedule schedule, SparseLearningGrowth growth, Redistribution redistribution, int iterations, int stepsPerEpoch, double baselineNonzero, ulong seed)
    {
        _schedule = schedule;
        _growth = growth;
        _redistribution = redistribution;
        _iterations = iterations;
        _stepsPerEpoch = Math.Max(1, stepsPerEpoch);
        _baselineNonzero = baselineNonzero;
        _seed = seed;
    }

    /// <summary>Updates done so far.</summary>
    public int Updates { get; private set; }

    /// <summary>The layers' regrowth counts of the last update (for tests and logs).</summary>
    public IReadOnlyDictionary<string, double> LastRegrowth { get; private set; } = new Dictionary<string, double>();

    /// <inheritdoc />
    public bool IsUpdateStep(int step) => (step + 1) % _stepsPerEpoch == 0 && step + 1 < _iterations;

    /// <inheritdoc />
    public bool ReplacesOptimizerStep => false;

    /// <summary>The prune rate at the update after step <paramref name="step"/> (0-based): the decay after step + 1 optimizer steps.</summary>
    public double PruneRateAt(int step) => _schedule.RateAfter(step + 1, _iterations);

    /// <inheritdoc />
    public void Update(int step, SparseNet model, IReadOnlyDictionary<string, Tensor> masks, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parameters = model.named_parameters().Select((p, i) => (p.name, p.parameter, Index: i)).ToDictionary(p => p.name);
        var layers = model.PrunableLayers;
        var count = layers.Count;
        var weights = layers.Select(l => parameters[l.Name].parameter).ToArray();
        var mask = layers.Select(l => masks[l.Name]).ToArray();
        for (var i = 0; i < count; i++) weights[i].mul_(mask[i]);   // the reference's apply_mask after the step

        // gather_statistics
        var nonzeros = new double[count];
        var zeros = new double[count];
        var score = new double[count];
        for (var i = 0; i < count; i++)
        {
            nonzeros[i] = mask[i].sum().item<float>();
            zeros[i] = mask[i].numel() - nonzeros[i];
            score[i] = _redistribution switch
            {
                Redistribution.Momentum => Mean(MomentumOf(optimizer, parameters[layers[i].Name].Index, weights[i]).abs(), mask[i]),
                Redistribution.Magnitude => Mean(weights[i].abs(), mask[i]),
                Redistribution.Nonzeros => HeldScalars.With(0, zero => weights[i].ne(zero).sum()).item<long>(),
                _ => mask[i].numel() / _baselineNonzero,
            };
        }
        var total = score.Where(v => !double.IsNaN(v)).Sum();
        if (total != 0) for (var i = 0; i < count; i++) score[i] /= total;

        // adjust_prune_rate
        var rate = PruneRateAt(step);
        var rates = new double[count];
        for (var i = 0; i < count; i++)
        {
            rates[i] = rate;
            var sparsity = zeros[i] / mask[i].numel();
            if (sparsity < 0.2 && 1.0 / count / score[i] < 1.0) rates[i] = Math.Min(sparsity, rates[i]);
        }

        // magnitude_prune
        double removed = 0;
        for (var i = 0; i < count; i++)
        {
            var remove = Math.Ceiling(rates[i] * nonzeros[i]);
            Tensor pruned;
            if (remove == 0) pruned = HeldScalars.With(0, zero => weights[i].ne(zero)).to(mask[i].dtype);
            else
            {
                var k = (long)Math.Ceiling(zeros[i] + remove);
                var order = weights[i].abs().reshape(-1).argsort();
                pruned = HeldScalars.With(0.0, zero => mask[i].reshape(-1).clone().index_fill_(0, order.narrow(0, 0, Math.Min(k, order.shape[0])), zero)).reshape(mask[i].shape);
            }
            removed += nonzeros[i] - pruned.sum().item<float>();
            mask[i].copy_(pruned);
        }

        // calc_growth_redistribution, then growth
        var regrowth = Redistribute(score, rates, nonzeros, zeros, removed);
        LastRegrowth = layers.Select((l, i) => (l.Name, regrowth[i])).ToDictionary(p => p.Name, p => p.Item2);
        double nonzeroAfter = 0;
        for (var i = 0; i < count; i++)
        {
            var n = (long)Math.Floor(regrowth[i]);
            var free = HeldScalars.With(0, zero => mask[i].eq(zero));
            if (_growth == SparseLearningGrowth.Momentum)
            {
                var candidates = MomentumOf(optimizer, parameters[layers[i].Name].Index, weights[i]).abs() * free.to(weights[i].dtype);
                var order = candidates.reshape(-1).argsort(descending: true);
                if (n > 0) HeldScalars.With(1.0, one => mask[i].reshape(-1).index_fill_(0, order.narrow(0, 0, Math.Min(n, order.shape[0])), one));
            }
            else
            {
                var available = free.sum().item<long>();
                if (available > 0)
                {
                    using var g = new Generator(RandomStreams.MaskUpdate(_seed, step, i));
                    var grown = HeldScalars.With(n / (double)available, p => rand(mask[i].shape, generator: g, device: mask[i].device).lt(p)).logical_and(free);
                    HeldScalars.With(1.0, one => mask[i].masked_fill_(grown, one));
                }
            }
            nonzeroAfter += mask[i].sum().item<float>();
        }
        _adjustments.Add(_baselineNonzero - nonzeroAfter);
        _adjustedGrowth = 0.25 * _adjustedGrowth + 0.75 * (_baselineNonzero - nonzeroAfter) + _adjustments.Average();
        Updates++;
    }

    /// <summary>
    /// The reference's <c>calc_growth_redistribution</c>: each layer's share of (removed + adjustment), capped at 0.99 of
    /// its free slots (zeros + what it prunes), the excess spread evenly and the caps re-applied until none is left
    /// (at most 1,000 passes).
    /// </summary>
    public double[] Redistribute(IReadOnlyList<double> score, IReadOnlyList<double> rates, IReadOnlyList<double> nonzeros, IReadOnlyList<double> zeros, double removed)
    {
        var count = score.Count;
        var regrowth = new double?[count];
        double residual = 9999, meanResidual = 0;
        for (var pass = 0; residual > 0 && pass < 1000; pass++)
        {
            residual = 0;
            for (var i = 0; i < count; i++)
            {
                var maxRegrowth = zeros[i] + Math.Ceiling(rates[i] * nonzeros[i]);
                var share = double.IsNaN(score[i]) ? 0 : score[i];
                var value = (regrowth[i] ?? Math.Ceiling(share * (removed + _adjustedGrowth))) + meanResidual;
                if (value > 0.99 * maxRegrowth)
                {
                    regrowth[i] = 0.99 * maxRegrowth;
                    residual += value - regrowth[i]!.Value;
                }
                else regrowth[i] = value;
            }
            meanResidual = residual / count;
        }
        return regrowth.Select(r => r!.Value).ToArray();
    }

    private static double Mean(Tensor values, Tensor mask)
    {
        var selected = values.masked_select(mask.to(ScalarType.Bool));
        return selected.numel() == 0 ? double.NaN : selected.mean().item<float>();
    }

    /// <summary>The reference's <c>get_momentum_for_weight</c>: Adam's m/(√v + 1e-8), or SGD's momentum buffer.</summary>
    private static Tensor MomentumOf(optim.Optimizer optimizer, int parameterIndex, Tensor weight)
    {
        if (optimizer is not OptimizerHelper helper) throw new NotSupportedException($"optimizer {optimizer.GetType().Name} exposes no momentum");
        var states = helper.state_dict().State;
        return parameterIndex < states.Count ? states[parameterIndex] switch
        {
            Adam.State a when a.exp_avg is not null => a.exp_avg / a.exp_avg_sq.sqrt().Plus(1e-8),
            SGD.State s when s.momentum_buffer is not null => s.momentum_buffer,
            var other => throw new NotSupportedException($"sparse momentum needs a momentum: set training.optimizer = sgd with training.momentum > 0, or adam (state {other.GetType().Name})"),
        } : zeros_like(weight);
    }
}
