using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.Dynamic;

namespace ActorSweep.Training.Training;

/// <summary>What a method changes in the plain training loop.</summary>
public sealed record TrainingExtras
{
    /// <summary>The learning rate per iteration, instead of the schedule (fine-tuning uses the final rate).</summary>
    public Func<int, double>? LearningRate { get; init; }

    /// <summary>Updates the mask during training (SET, RigL).</summary>
    public IMaskUpdater? MaskUpdater { get; init; }

    /// <summary>A trained teacher whose soft labels the loss distils (KD ticket).</summary>
    public SparseNet? Teacher { get; init; }

    /// <summary>Weight of the distillation term.</summary>
    public double KdAlpha { get; init; }

    /// <summary>Softmax temperature of the distillation term.</summary>
    public double KdTemperature { get; init; }
}
