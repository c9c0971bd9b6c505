using ActorSweep.Core.Options;
using ActorSweep.Core.Robustness;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>The <c>training { }</c> block's keys, types, defaults and constraints, and its typed binding.</summary>
public static class TrainingSchema
{
    /// <summary>The training options as a schema: <see cref="TrainingHparams.From"/> binds through it.</summary>
    public static readonly OptionSchema<TrainingHparams> Schema = new(new[]
    {
        new HparamDefinition(HparamKeys.Optimizer, HparamType.String, TrainingHparams.DefaultOptimizer, HparamChecks.OneOf("adam", "sgd")),
        new HparamDefinition(HparamKeys.LearningRate, HparamType.Double, TrainingHparams.DefaultLearningRate, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.Momentum, HparamType.Double, 0.0, HparamChecks.Momentum),
        new HparamDefinition(HparamKeys.Nesterov, HparamType.Bool, false),
        new HparamDefinition(HparamKeys.WeightDecay, HparamType.Double, 0.0, HparamChecks.NonNegative),
        new HparamDefinition(HparamKeys.BatchSize, HparamType.Int, (long)TrainingHparams.DefaultBatchSize, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.Iterations, HparamType.Int, (long)TrainingHparams.DefaultIterations, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.EvalEvery, HparamType.Int, (long)TrainingHparams.DefaultEvalEvery, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.LrMilestones, HparamType.IntList, System.Collections.Immutable.ImmutableArray<object>.Empty, HparamChecks.IncreasingNonNegative),
        new HparamDefinition(HparamKeys.LrGamma, HparamType.Double, TrainingHparams.DefaultLrGamma, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.WarmupIterations, HparamType.Int, 0L, HparamChecks.NonNegative),
        new HparamDefinition(HparamKeys.ValidationSize, HparamType.Int, (long)TrainingHparams.DefaultValidationSize, HparamChecks.NonNegative),
        new HparamDefinition(HparamKeys.NormalizeInputs, HparamType.Bool, true).DefaultBefore(DefaultsVersion.Release2, false),
        new HparamDefinition(HparamKeys.LabelNoiseKind, HparamType.String, LabelNoise.None, HparamChecks.OneOf(LabelNoise.Kinds.ToArray())),
        new HparamDefinition(HparamKeys.LabelNoiseFraction, HparamType.Double, 0.0, HparamChecks.Fraction),
        new HparamDefinition(HparamKeys.LabelSmoothing, HparamType.Double, 0.0, HparamChecks.HalfOpenFraction),
        new HparamDefinition(HparamKeys.Activation, HparamType.String, Activations.Relu, HparamChecks.OneOf(Activations.Names.ToArray())),
        new HparamDefinition(HparamKeys.TestCurve, HparamType.Bool, false).DefaultBefore(DefaultsVersion.Release3, true),
        new HparamDefinition(HparamKeys.Init, HparamType.String, Initializers.Model, HparamChecks.OneOf(Initializers.Names.ToArray())),
        new HparamDefinition(HparamKeys.RobustCorruptions, HparamType.StringList, System.Collections.Immutable.ImmutableArray<object>.Empty, HparamChecks.SubsetOf(Corruptions.Accepted)),
        new HparamDefinition(HparamKeys.RobustSeverity, HparamType.Int, 0L, v => (long)v is >= 0 and <= 5 ? null : "must be 0 (each corruption at MNIST-C's severity) or a severity 1 to 5"),
        new HparamDefinition(HparamKeys.RobustAttacks, HparamType.StringList, System.Collections.Immutable.ImmutableArray<object>.Empty, HparamChecks.SubsetOf(RobustnessEvaluation.AttackNames)),
        new HparamDefinition(HparamKeys.RobustEpsilon, HparamType.Double, RobustnessEvaluation.None.Epsilon, HparamChecks.EpsilonInPixels),
        new HparamDefinition(HparamKeys.RobustPgdSteps, HparamType.Int, (long)RobustnessEvaluation.None.PgdSteps, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.RobustPgdStepSize, HparamType.Double, RobustnessEvaluation.None.PgdStepSize, HparamChecks.EpsilonInPixels),
        new HparamDefinition(HparamKeys.RobustExamples, HparamType.Int, 0L, HparamChecks.NonNegative),
        new HparamDefinition(HparamKeys.AdversarialKind, HparamType.String, AdversarialTraining.None, HparamChecks.OneOf(AdversarialTraining.Kinds.ToArray())),
        new HparamDefinition(HparamKeys.AdversarialEpsilon, HparamType.Double, AdversarialTraining.Off.Epsilon, HparamChecks.EpsilonInPixels),
        new HparamDefinition(HparamKeys.AdversarialSteps, HparamType.Int, (long)AdversarialTraining.Off.Steps, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.AdversarialStepSize, HparamType.Double, AdversarialTraining.Off.StepSize, HparamChecks.EpsilonInPixels),
        new HparamDefinition(HparamKeys.AugmentationKind, HparamType.String, TrainingAugmentation.None, HparamChecks.OneOf(TrainingAugmentation.Kinds.ToArray())),
        new HparamDefinition(HparamKeys.AugmentationSigma, HparamType.Double, TrainingAugmentation.Off.Sigma, HparamChecks.EpsilonInPixels),
        new HparamDefinition(HparamKeys.AugmentationSeverity, HparamType.Int, (long)TrainingAugmentation.Off.Severity, v => (long)v is >= 1 and <= 10 ? null : "must be an AugMix severity from 1 to 10"),
        new HparamDefinition(HparamKeys.AugmentationWidth, HparamType.Int, (long)TrainingAugmentation.Off.Width, v => (long)v is >= 1 and <= 10 ? null : "must be between 1 and 10 augmentation chains"),
        new HparamDefinition(HparamKeys.AugmentationDepth, HparamType.Int, (long)TrainingAugmentation.Off.Depth, v => (long)v is -1 or (>= 1 and <= 10) ? null : "must be -1 (1 to 3 operations drawn per chain) or a depth from 1 to 10"),
        new HparamDefinition(HparamKeys.AugmentationAlpha, HparamType.Double, TrainingAugmentation.Off.Alpha, HparamChecks.Positive),
    }, v => new TrainingHparams(
        v.String(HparamKeys.Optimizer),
        v.Double(HparamKeys.LearningRate),
        v.Double(HparamKeys.Momentum),
        v.Bool(HparamKeys.Nesterov),
        v.Double(HparamKeys.WeightDecay),
        v.Int(HparamKeys.BatchSize),
        v.Int(HparamKeys.Iterations),
        v.Int(HparamKeys.EvalEvery),
        v.Ints(HparamKeys.LrMilestones),
        v.Double(HparamKeys.LrGamma),
        v.Int(HparamKeys.WarmupIterations),
        v.Int(HparamKeys.ValidationSize),
        v.Bool(HparamKeys.NormalizeInputs))
    {
        LabelNoise = new LabelNoise(v.String(HparamKeys.LabelNoiseKind), v.Double(HparamKeys.LabelNoiseFraction)),
        LabelSmoothing = v.Double(HparamKeys.LabelSmoothing),
        Activation = v.String(HparamKeys.Activation),
        TestCurve = v.Bool(HparamKeys.TestCurve),
        Init = v.String(HparamKeys.Init),
        Robustness = new RobustnessEvaluation(Corruptions.Expand(v.Strings(HparamKeys.RobustCorruptions)), v.Int(HparamKeys.RobustSeverity),
            RobustnessEvaluation.AttackNames.Where(v.Strings(HparamKeys.RobustAttacks).Contains).ToArray(), v.Double(HparamKeys.RobustEpsilon),
            v.Int(HparamKeys.RobustPgdSteps), v.Double(HparamKeys.RobustPgdStepSize), v.Int(HparamKeys.RobustExamples)),
        Adversarial = new AdversarialTraining(v.String(HparamKeys.AdversarialKind), v.Double(HparamKeys.AdversarialEpsilon),
            v.Int(HparamKeys.AdversarialSteps), v.Double(HparamKeys.AdversarialStepSize)),
        Augmentation = new TrainingAugmentation(v.String(HparamKeys.AugmentationKind), v.Double(HparamKeys.AugmentationSigma), v.Int(HparamKeys.AugmentationSeverity),
            v.Int(HparamKeys.AugmentationWidth), v.Int(HparamKeys.AugmentationDepth), v.Double(HparamKeys.AugmentationAlpha)),
    });

    /// <summary>All training keys.</summary>
    public static IReadOnlyList<HparamDefinition> Definitions => Schema.Definitions;
}
