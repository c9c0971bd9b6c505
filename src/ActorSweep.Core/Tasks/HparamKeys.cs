namespace ActorSweep.Core.Tasks;

/// <summary>
/// The hyperparameter keys shared by more than one method or read by a shared mechanism, as written in study files,
/// grids and the <c>hparams</c> JSON column. A public format: keys are only ever added. A key only one method reads is
/// declared in that method's folder (<c>Core/Methods/&lt;Name&gt;/&lt;Name&gt;Keys.cs</c>).
/// </summary>
public static class HparamKeys
{
    public const string Dataset = "dataset";
    public const string Model = "model";
    public const string Seed = "seed";
    public const string Method = "method.name";

    public const string Optimizer = "training.optimizer";
    public const string LearningRate = "training.lr";
    public const string Momentum = "training.momentum";
    public const string Nesterov = "training.nesterov";
    public const string WeightDecay = "training.weight-decay";
    public const string BatchSize = "training.batch-size";
    public const string Iterations = "training.iterations";
    public const string EvalEvery = "training.eval-every";
    public const string LrMilestones = "training.lr-milestones";
    public const string LrGamma = "training.lr-gamma";
    public const string WarmupIterations = "training.warmup-iterations";
    public const string ValidationSize = "training.validation-size";
    public const string NormalizeInputs = "training.normalize-inputs";

    // Training recipes any method can use: label noise (sparse double descent), ToST's label smoothing and smooth activations.
    public const string LabelNoiseKind = "training.label-noise.kind";
    public const string LabelNoiseFraction = "training.label-noise.fraction";
    public const string LabelSmoothing = "training.label-smoothing";
    public const string Activation = "training.activation";
    public const string TestCurve = "training.test-curve";
    public const string Init = "training.init";

    // Evaluation under distribution shift (MNIST-C's corruptions, FGSM and L∞ PGD) and adversarial training (Madry et al.).
    public const string RobustCorruptions = "training.robustness.corruptions";
    public const string RobustSeverity = "training.robustness.severity";
    public const string RobustAttacks = "training.robustness.attacks";
    public const string RobustEpsilon = "training.robustness.epsilon";
    public const string RobustPgdSteps = "training.robustness.pgd-steps";
    public const string RobustPgdStepSize = "training.robustness.pgd-step-size";
    public const string RobustExamples = "training.robustness.examples";
    public const string AdversarialKind = "training.adversarial.kind";
    public const string AdversarialEpsilon = "training.adversarial.epsilon";
    public const string AdversarialSteps = "training.adversarial.steps";
    public const string AdversarialStepSize = "training.adversarial.step-size";

    // Training-data augmentation against corruptions (Gaussian noise; Hendrycks et al.'s AugMix).
    public const string AugmentationKind = "training.augmentation.kind";
    public const string AugmentationSigma = "training.augmentation.sigma";
    public const string AugmentationSeverity = "training.augmentation.severity";
    public const string AugmentationWidth = "training.augmentation.width";
    public const string AugmentationDepth = "training.augmentation.depth";
    public const string AugmentationAlpha = "training.augmentation.alpha";

    public const string Rounds = "method.rounds";
    public const string PruningStrategy = "method.strategy";
    public const string RateFc = "method.rate-fc";
    public const string RateConv = "method.rate-conv";
    public const string RateOutput = "method.rate-output";
    public const string GlobalFraction = "method.global-fraction";
    public const string GlobalExcludeOutput = "method.exclude-output";
    public const string RewindIteration = "method.rewind-iteration";
    public const string Controls = "method.controls";
    public const string Basis = "method.basis";
    public const string Sparsity = "method.sparsity";

    // Rewinding family (Renda et al. 2020; Liu et al. 2019).
    public const string Retrain = "method.retrain";
    public const string ScratchBMaxFactor = "method.scratch-b-max-factor";

    // Knowledge-distillation ticket.
    public const string Distill = "method.distill";
    public const string KdAlpha = "method.kd-alpha";
    public const string KdTemperature = "method.kd-temperature";

    // Pruning at initialisation.
    public const string SamplesPerClass = "method.samples-per-class";
    public const string GraspTemperature = "method.grasp-temperature";
    public const string PruneIterations = "method.prune-iterations";

    // Layer sparsity distribution (random pruning, dynamic sparse training).
    public const string Distribution = "method.distribution";

    // Dynamic sparse training (SET, RigL).
    public const string UpdateEvery = "method.update-every";
    public const string DropFraction = "method.drop-fraction";
    public const string EndFraction = "method.end-fraction";
    public const string DropSchedule = "method.drop-schedule";
    public const string PruneFirstLayer = "method.prune-first-layer";

    // Building on another trial of the study (Elastic LTH's source ticket, a soup's source network).
    public const string SourceMethod = "method.source-method";
    public const string SourceRound = "method.source-round";

    // Ensembles of dynamic sparse runs (FreeTickets, Sup-tickets, COLT): members, growth, the large drop of exploration.
    public const string Members = "method.members";
    public const string Growth = "method.growth";
    public const string LargeDropFraction = "method.large-drop-fraction";

    // sparse_learning's prune-rate schedule (sparse momentum, SET's sparse_learning variant).
    public const string PruneRate = "method.prune-rate";
    public const string PruneRateDecay = "method.prune-rate-decay";

    // Batch-norm recalibration after averaging weights (soups, Sup-tickets).
    public const string UpdateBatchNorm = "method.update-bn";
}
