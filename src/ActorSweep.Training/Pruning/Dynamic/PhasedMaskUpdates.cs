using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Pruning.Dynamic;

/// <summary>
/// Regular dynamic-sparse updates plus a large prune-and-regrow at given steps (EDST's refine-phase starts:
/// <c>mask.truncate_weights(pruning_rate=args.large_death_rate)</c>): at such a step each layer drops
/// the large fraction of its active weights by magnitude and grows as many, instead of the regular update. Regular
/// updates may end at a given step (Sup-tickets' <c>--no_maskupdates</c> in its cyclic phase).
/// </summary>
public sealed class PhasedMaskUpdates : IMaskUpdater
{
    private readonly DynamicSparsity _regular;
    private readonly IReadOnlySet<int> _largeSteps;
    private readonly double _largeFraction;
    private readonly int _regularUntil;

    /// <summary>
    /// Updates by <paramref name="regular"/> before step <paramref name="regularUntil"/> (always when null), and by
    /// <paramref name="largeFraction"/> at <paramref name="largeSteps"/>.
    /// </summary>
    public PhasedMaskUpdates(DynamicSparsity regular, IEnumerable<int> largeSteps, double largeFraction, int? regularUntil = null)
    {
        _regular = regular;
        _largeSteps = largeSteps.ToHashSet();
        _largeFraction = largeFraction;
        _regularUntil = regularUntil ?? int.MaxValue;
    }

    /// <summary>Large updates done so far.</summary>
    public int LargeUpdates { get; private set; }

    /// <inheritdoc />
    public bool IsUpdateStep(int step) => _largeSteps.Contains(step) || (step < _regularUntil && _regular.IsUpdateStep(step));

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
