using ActorSweep.Core.Tasks;

namespace ActorSweep.Training.Training;

/// <summary>What a training run measured.</summary>
public sealed record TrainOutcome(
    int Iterations,
    IReadOnlyList<CurvePoint> Curve,
    int EarlyStopIteration,
    double TestAccuracyAtEarlyStop,
    double TestAccuracyFinal,
    double TrainAccuracyFinal)
{
    /// <summary>The mask at the end, when it changed during training (dynamic sparse training); null otherwise.</summary>
    public Pruning.Mask? FinalMask { get; init; }

    /// <summary>Accuracy under distribution shift at the early-stop point and the end (empty unless <c>training.robustness</c> asks).</summary>
    public IReadOnlyList<RobustnessPoint> Robustness { get; init; } = Array.Empty<RobustnessPoint>();
}
