namespace ActorSweep.Core.Tasks;

/// <summary>One evaluation of a running task: the rows of the <c>curves</c> dataset.</summary>
/// <param name="Iteration">Optimizer steps taken when evaluated (0 = before training).</param>
/// <param name="TrainLoss">Mean training loss since the previous evaluation (NaN at iteration 0).</param>
/// <param name="ValLoss">Loss on the validation split.</param>
/// <param name="ValAccuracy">Accuracy on the validation split, in [0, 1].</param>
/// <param name="TestAccuracy">Accuracy on the test split, in [0, 1].</param>
public sealed record CurvePoint(int Iteration, double TrainLoss, double ValLoss, double ValAccuracy, double TestAccuracy);
