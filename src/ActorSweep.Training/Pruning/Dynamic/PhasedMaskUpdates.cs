using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Pruning.Dynamic;

/// <summary>
/// Regular dynamic-sparse updates plus a large prune-and-regrow at given steps (EDST's refine-phase starts:
/// <c>mask.truncate_weights(pruning_rate=args.large_death_rate)</c>): at such a step each layer drops
/// the large fraction of its active weights by magnitude and grows as many, instead of the regular update.
/// </summary>
public sealed class PhasedMaskUpdates : IMaskUpdater
{
    private readonly DynamicSparsity _regular;
    private readonly IReadOnlySet<int> _largeSteps;
    private readonly double _largeFraction;

    /// <summary>Updates by <paramref name="regular"/>, and by <paramref name="largeFraction"/> at <paramref name="largeSteps"/>.</summary>
    public PhasedMaskUpdates(DynamicSparsity regular, IEnumerable<int> largeSteps, double largeFraction)
    {
        _regular = regular;
        _largeSteps = largeSteps.ToHashSet();
        _largeFraction = largeFraction;
    }

    /// <summary>Large updates done so far.</summary>
    public int LargeUpdates { get; private set; }

    /// <inheritdoc />
    public bool IsUpdateStep(int step) => _largeSteps.Contains(step) || _regular.IsUpdateStep(step);

    /// <inheritdoc />
    public bool ReplacesOptimizerStep => _regular.ReplacesOptimizerStep;

    /// <inheritdoc />
    public void Update(int step, SparseNet model, IReadOnlyDictionary<string, Tensor> masks, optim.Optimizer optimizer)
    {
        if (!_largeSteps.Contains(step)) { _regular.Update(step, model, masks, optimizer); return; }
        _regular.Update(step, model, masks, optimizer, _largeFraction);
        LargeUpdates++;
    }
}
