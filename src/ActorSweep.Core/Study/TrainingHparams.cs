using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>
/// Typed view of the <c>training.*</c> hyperparameters. Defaults are the LTH paper's LeNet-300-100
/// settings (Adam 1.2e-3, batch 60, 50 K iterations) so a study file only names what differs.
/// </summary>
public sealed record TrainingHparams(
    string Optimizer,
    double LearningRate,
    double Momentum,
    bool Nesterov,
    double WeightDecay,
    int BatchSize,
    int Iterations,
    int EvalEvery,
    IReadOnlyList<int> LrMilestones,
    double LrGamma,
    int WarmupIterations,
    int ValidationSize,
    bool NormalizeInputs)
{
    public const string DefaultOptimizer = "adam";
    public const double DefaultLearningRate = 1.2e-3;
    public const int DefaultBatchSize = 60;
    public const int DefaultIterations = 50_000;
    public const int DefaultEvalEvery = 1_000;
    public const double DefaultLrGamma = 0.1;
    public const int DefaultValidationSize = 5_000;

    /// <summary>Label noise on the training split (none by default).</summary>
    public LabelNoise LabelNoise { get; init; } = LabelNoise.Clean;

    /// <summary>ToST's label smoothing α: 1 − α on the true class, α/(C − 1) on every other (0: plain cross-entropy).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>The hidden layers' activation: relu, swish or mish (<see cref="Activations"/>).</summary>
    public string Activation { get; init; } = Activations.Relu;

    /// <summary>
    /// Whether every evaluation point also measures the test split (a test curve). Off by default from release 3: the
    /// trials row needs test accuracy only at the early-stop iteration and at the end, so only those are measured.
    /// </summary>
    public bool TestCurve { get; init; }

    /// <summary>How the model's parameters are drawn: the model's own initialiser or PyTorch's layer defaults (<see cref="Initializers"/>).</summary>
    public string Init { get; init; } = Initializers.Model;

    /// <summary>What the task measures under distribution shift (corruptions, attacks); nothing by default.</summary>
    public Robustness.RobustnessEvaluation Robustness { get; init; } = ActorSweep.Core.Robustness.RobustnessEvaluation.None;

    /// <summary>Adversarial training; standard training by default.</summary>
    public Robustness.AdversarialTraining Adversarial { get; init; } = ActorSweep.Core.Robustness.AdversarialTraining.Off;

    /// <summary>Augmentation of the training images against corruptions (Gaussian noise, AugMix); none by default.</summary>
    public Robustness.TrainingAugmentation Augmentation { get; init; } = ActorSweep.Core.Robustness.TrainingAugmentation.Off;

    /// <summary>Binds the view through <see cref="TrainingSchema.Schema"/>: missing keys take the defaults of <paramref name="defaultsVersion"/>.</summary>
    public static TrainingHparams From(Hparams h, int defaultsVersion = DefaultsVersion.Current) => TrainingSchema.Schema.Bind(h, defaultsVersion);

    /// <summary>
    /// The learning rate at an iteration: linear warm-up over <see cref="WarmupIterations"/>, then
    /// multiplied by <see cref="LrGamma"/> at each milestone passed (open_lth's schedule).
    /// </summary>
    public double LearningRateAt(int iteration)
    {
        var lr = LearningRate;
        foreach (var m in LrMilestones) if (iteration >= m) lr *= LrGamma;
        if (WarmupIterations > 0 && iteration < WarmupIterations) lr *= (iteration + 1) / (double)WarmupIterations;
        return lr;
    }
}
