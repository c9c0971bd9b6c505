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
}
