using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// A copy in memory of a model's parameters and buffers at its best evaluation point so far, so the test split is
/// measured there once at the end instead of at every evaluation. The copies are allocated at the first
/// <see cref="Keep"/> and overwritten in place afterwards.
/// </summary>
public sealed class BestWeights : IDisposable
{
    private readonly SparseNet _model;
    private Dictionary<string, Tensor>? _kept;

    /// <summary>Keeps copies of <paramref name="model"/>'s state.</summary>
    public BestWeights(SparseNet model) => _model = model;

    /// <summary>Overwrites the kept copy with the model's current parameters and buffers.</summary>
    public void Keep(SparseNet model)
    {
        if (!ReferenceEquals(model, _model)) throw new ArgumentException("BestWeights keeps the state of the model it was made for", nameof(model));
        using var _ = no_grad();
        if (_kept is null)
        {
            _kept = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, t) in model.state_dict())
            {
                var copy = t.detach().clone();
                copy.DetachFromDisposeScope();
                _kept[name] = copy;
            }
            return;
        }
        foreach (var (name, t) in model.state_dict()) _kept[name].copy_(t);
    }

    /// <summary>
    /// Runs <paramref name="measure"/> on the model with the kept state loaded, then puts the model's own state back
    /// exactly (the trained weights are still saved and measured afterwards). Without a kept state, measures the model as it is.
    /// </summary>
    public T Evaluate<T>(SparseNet model, Func<SparseNet, T> measure)
    {
        if (_kept is null) return measure(model);
        using var scope = NewDisposeScope();
        var state = model.state_dict();
        var current = state.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone(), StringComparer.Ordinal);
        using (no_grad()) foreach (var (name, t) in state) t.copy_(_kept[name]);
        try
        {
            return measure(model);
        }
        finally
        {
            using (no_grad()) foreach (var (name, t) in state) t.copy_(current[name]);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_kept is null) return;
        foreach (var t in _kept.Values) t.Dispose();
        _kept = null;
    }
}
