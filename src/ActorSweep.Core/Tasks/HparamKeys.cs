namespace ActorSweep.Core.Tasks;

/// <summary>
/// The hyperparameter keys, as written in study files, grids and the <c>hparams</c> JSON column.
/// A public format: keys are only ever added.
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

    public const string Rounds = "method.rounds";
    public const string PruningStrategy = "method.strategy";
    public const string RateFc = "method.rate-fc";
    public const string RateConv = "method.rate-conv";
    public const string RateOutput = "method.rate-output";
    public const string GlobalFraction = "method.global-fraction";
    public const string GlobalExcludeOutput = "method.exclude-output";
    public const string RewindIteration = "method.rewind-iteration";
    public const string Controls = "method.controls";
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

    // Linear mode connectivity.
    public const string InterpolationPoints = "method.interpolation-points";

    // Building on another trial (Elastic LTH's source ticket).
    public const string SourceModel = "method.source-model";
    public const string SourceMethod = "method.source-method";
    public const string SourceRounds = "method.source-rounds";

    // Elastic LTH.
    public const string BlockMapping = "method.block-mapping";
    public const string StartAtStepZero = "method.start-at-step-zero";
    public const string Baselines = "method.baselines";

    // Model soups.
    public const string SourceRound = "method.source-round";
    public const string FinetuneLrs = "method.finetune-lrs";
    public const string FinetuneSeeds = "method.finetune-seeds";
    public const string Soups = "method.soups";

    // Ensembles (FreeTickets).
    public const string Members = "method.members";

    // COLT.
    public const string Parts = "method.parts";
    public const string FullHead = "method.full-head";
    public const string Growth = "method.growth";
    public const string ExploreFraction = "method.explore-fraction";
    public const string LargeDropFraction = "method.large-drop-fraction";
    public const string ExplorationLr = "method.exploration-lr";

    // Sparse momentum (TimDettmers/sparse_learning) and SET's sparse_learning variant.
    public const string PruneRate = "method.prune-rate";
    public const string PruneRateDecay = "method.prune-rate-decay";
    public const string Redistribution = "method.redistribution";
    public const string Variant = "method.variant";

    // Early-Bird tickets.
    public const string Ratio = "method.ratio";
    public const string CheckEvery = "method.check-every";
    public const string Epsilon = "method.epsilon";
    public const string MasksKept = "method.masks-kept";
    public const string Criterion = "method.criterion";
    public const string BnL1 = "method.bn-l1";

    // Sup-tickets.
    public const string Cycles = "method.cycles";
    public const string CycleFraction = "method.cycle-fraction";
    public const string CycleLr1 = "method.lr-1";
    public const string CycleLr2 = "method.lr-2";
    public const string UpdateBatchNorm = "method.update-bn";
}
