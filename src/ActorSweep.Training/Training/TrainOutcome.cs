using ActorSweep.Core.Tasks;

namespace ActorSweep.Training.Training;

/// <summary>What a training run measured.</summary>
public sealed record TrainOutcome(
    int Iterations,
    IReadOnlyList<CurvePoint> Curve,
    int EarlyStopIteration,
    double TestAccuracyAtEarlyStop,
    double TestAccuracyFinal,
    double TrainAccuracyFinal);
