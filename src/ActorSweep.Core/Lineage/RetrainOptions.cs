using System.Globalization;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Lineage;

/// <summary>
/// How a pruned round starts and trains: the rewind point k (θ_k is saved by the dense round), the
/// retraining mode (<see cref="Retraining"/>) and the KD ticket's distillation of the trial's dense
/// network (VITA-Group/KD-ticket: α·T²·KL(teacher ‖ student) + (1−α)·CE). Shared by IMP and one-shot.
/// </summary>
public sealed record RetrainOptions(int RewindIteration, string Mode, bool Distill, double KdAlpha, double KdTemperature)
{
    public const double DefaultKdAlpha = 0.9;
    public const double DefaultKdTemperature = 5.0;

    /// <summary><c>method.rewind-iteration</c> (also LMC's branching point).</summary>
    public static readonly HparamDefinition RewindOption = new(HparamKeys.RewindIteration, HparamType.Int, 0L, HparamChecks.NonNegative);

    /// <summary>The keys, with their defaults.</summary>
    public static readonly IReadOnlyList<HparamDefinition> Definitions = new[]
    {
        RewindOption,
        new HparamDefinition(HparamKeys.Retrain, HparamType.String, Retraining.WeightRewind, HparamChecks.OneOf(Retraining.All)),
        new HparamDefinition(HparamKeys.Distill, HparamType.Bool, false),
        new HparamDefinition(HparamKeys.KdAlpha, HparamType.Double, DefaultKdAlpha,
            v => Convert.ToDouble(v, CultureInfo.InvariantCulture) is >= 0 and <= 1 ? null : "must be in [0, 1]"),
        new HparamDefinition(HparamKeys.KdTemperature, HparamType.Double, DefaultKdTemperature, HparamChecks.Positive),
    };

    /// <summary>Binds the options from a schema that includes <see cref="Definitions"/>.</summary>
    public static RetrainOptions From(OptionValues v) => new(
        v.Int(HparamKeys.RewindIteration), v.String(HparamKeys.Retrain), v.Bool(HparamKeys.Distill),
        v.Double(HparamKeys.KdAlpha), v.Double(HparamKeys.KdTemperature));

    /// <summary>The rewind point must fall inside training.</summary>
    public static IEnumerable<string> ValidateRewind(int rewindIteration, Hparams trial)
    {
        var iterations = TrainingHparams.From(trial).Iterations;
        if (rewindIteration >= iterations)
            yield return $"{HparamKeys.RewindIteration} ({rewindIteration}) must be below {HparamKeys.Iterations} ({iterations})";
    }

    /// <summary>The rewind point falls inside training; distillation options need distillation on, and distillation its own loss.</summary>
    public IEnumerable<string> Validate(Hparams trial)
    {
        foreach (var problem in ValidateRewind(RewindIteration, trial)) yield return problem;
        if (!Distill && (trial.Contains(HparamKeys.KdAlpha) || trial.Contains(HparamKeys.KdTemperature)))
            yield return $"{HparamKeys.KdAlpha} and {HparamKeys.KdTemperature} only apply with {HparamKeys.Distill} = true";
        if (Distill && TrainingHparams.From(trial).LabelSmoothing > 0)
            yield return $"{HparamKeys.LabelSmoothing} ({TrainingHparams.From(trial).LabelSmoothing}) cannot apply with {HparamKeys.Distill} = true: the KD ticket trains with its own loss " +
                         "(α·T²·KL to the teacher + (1 − α)·cross-entropy on the hard labels); drop one of the two";
    }
}
