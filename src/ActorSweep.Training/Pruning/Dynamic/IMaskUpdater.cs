using ActorSweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Pruning.Dynamic;

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
