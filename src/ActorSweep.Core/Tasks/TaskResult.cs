namespace ActorSweep.Core.Tasks;

/// <summary>
/// What a trainer reports for a finished task: the metrics of the lottery-ticket papers plus its
/// learning curve. Counts are over prunable weights unless named otherwise.
/// </summary>
/// <param name="WeightsRemaining">Fraction of prunable weights kept by the mask (1.0 = dense).</param>
/// <param name="ParamsTotal">All parameters of the model, biases included.</param>
/// <param name="ParamsNonzero">Parameters that are not masked out (biases count as non-zero).</param>
/// <param name="EarlyStopIteration">Iteration of minimum validation loss (the LTH paper's early-stopping criterion).</param>
/// <param name="TestAccuracyAtEarlyStop">Test accuracy at <paramref name="EarlyStopIteration"/>.</param>
/// <param name="TestAccuracyFinal">Test accuracy after the last iteration.</param>
/// <param name="TrainAccuracyFinal">Accuracy on the training split after the last iteration.</param>
/// <param name="Iterations">Optimizer steps taken.</param>
/// <param name="WallSeconds">Wall time of the run on the trainer.</param>
/// <param name="Device">Device the run used, e.g. <c>cpu</c>, <c>cuda:0</c>.</param>
/// <param name="Curve">Evaluation points, in iteration order.</param>
public sealed record TaskResult(
    double WeightsRemaining,
    long ParamsTotal,
    long ParamsNonzero,
    int EarlyStopIteration,
    double TestAccuracyAtEarlyStop,
    double TestAccuracyFinal,
    double TrainAccuracyFinal,
    int Iterations,
    double WallSeconds,
    string Device,
    IReadOnlyList<CurvePoint> Curve);
