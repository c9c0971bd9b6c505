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
    IReadOnlyList<CurvePoint> Curve)
{
    /// <summary>
    /// Multiply-adds of one forward pass of the dense model over its prunable layers (ShrinkBench's
    /// theoretical FLOPs: a linear layer in·out, a convolution in·out·kh·kw per output position).
    /// </summary>
    public double? FlopsDense { get; init; }

    /// <summary>The same with each layer's multiply-adds scaled by its fraction of non-zero weights.</summary>
    public double? FlopsSparse { get; init; }

    /// <summary>Per prunable layer: weights and non-zero weights (the <c>layers</c> dataset).</summary>
    public IReadOnlyList<LayerStat> Layers { get; init; } = Array.Empty<LayerStat>();

    /// <summary>Linear interpolation between two trained copies (the <c>interpolation</c> dataset); empty unless the task is an LMC pair.</summary>
    public IReadOnlyList<InterpolationPoint> Interpolation { get; init; } = Array.Empty<InterpolationPoint>();

    /// <summary>Instability: max test error along the interpolation − mean of the endpoints' test errors (LMC pairs only).</summary>
    public double? Instability { get; init; }

    /// <summary>
    /// What the task's method measured beyond the shared metrics (Early-Bird: when the ticket was drawn and what that saved),
    /// by the names the method declares; the <c>metrics</c> map of <c>trials</c>.
    /// </summary>
    public Measurements Measurements { get; init; } = Measurements.None;

    /// <summary>
    /// Accuracy under distribution shift — corrupted test sets, adversarial examples — at the early-stop point and the end
    /// (the <c>robustness</c> dataset); empty unless the task's <c>training.robustness</c> asks for it.
    /// </summary>
    public IReadOnlyList<RobustnessPoint> Robustness { get; init; } = Array.Empty<RobustnessPoint>();

    /// <summary>What a task that combines several trained networks measured (ensembles, soups; the <c>combinations</c> dataset); null otherwise.</summary>
    public CombinationResult? Combination { get; init; }
}

/// <summary>
/// A task that combines trained networks — an ensemble averaging its members' softmax outputs, or a soup averaging
/// their weights — against its members, on the test split (FreeTickets' <c>ensemble_freetickets.py</c>).
/// </summary>
/// <param name="Kind"><c>ensemble</c>, <c>uniform-soup</c>, <c>greedy-soup</c> or <c>mask-intersection</c> (COLT).</param>
/// <param name="Members">Members available.</param>
/// <param name="MembersUsed">Members the combination uses (all, or the greedy soup's ingredients).</param>
/// <param name="TestAccuracy">The combination's test accuracy (the row's <c>test_accuracy_final</c>).</param>
/// <param name="TestNll">The combination's mean test negative log-likelihood.</param>
/// <param name="MemberMeanTestAccuracy">The members' mean test accuracy.</param>
/// <param name="BestMemberTestAccuracy">The test accuracy of the member with the best validation accuracy.</param>
/// <param name="MemberMeanTestNll">The members' mean test negative log-likelihood.</param>
/// <param name="Disagreement">Prediction disagreement: the fraction of test images two members label differently, averaged over pairs.</param>
/// <param name="KlDivergence">KL(p_j ‖ p_i) of the members' test softmax outputs, averaged over images and ordered pairs.</param>
public sealed record CombinationResult(
    string Kind, int Members, int MembersUsed, double TestAccuracy, double TestNll, double MemberMeanTestAccuracy, double BestMemberTestAccuracy,
    double MemberMeanTestNll, double Disagreement, double KlDivergence)
{
    /// <summary>
    /// Intersection over union of the members' pruned masks before they were intersected (COLT's rounds; the masks'
    /// overlap), null for combinations that do not intersect masks. Metrics a combination does not have are NaN (null in Parquet).
    /// </summary>
    public double? MaskOverlap { get; init; }
}

/// <summary>One prunable layer of a finished task.</summary>
/// <param name="Layer">Parameter name, e.g. <c>layers.0.weight</c>.</param>
/// <param name="Kind"><c>fc</c>, <c>conv</c> or <c>output</c>.</param>
/// <param name="Total">Weights in the layer.</param>
/// <param name="Nonzero">Weights the mask keeps.</param>
/// <param name="FlopsDense">Multiply-adds of the dense layer per example.</param>
public sealed record LayerStat(string Layer, string Kind, long Total, long Nonzero, double FlopsDense);

/// <summary>One point on the line θ(α) = (1−α)·θ_A + α·θ_B between two trained copies.</summary>
/// <param name="Alpha">Position on the line, 0 = copy A, 1 = copy B.</param>
/// <param name="TestLoss">Mean cross-entropy on the test split.</param>
/// <param name="TestAccuracy">Accuracy on the test split, in [0, 1].</param>
/// <param name="TrainLoss">Mean cross-entropy on the training split.</param>
/// <param name="TrainAccuracy">Accuracy on the training split, in [0, 1].</param>
public sealed record InterpolationPoint(double Alpha, double TestLoss, double TestAccuracy, double TrainLoss, double TrainAccuracy);
