using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Imp;

/// <summary>Options shared by the magnitude-pruning methods (IMP and one-shot).</summary>
public static class PruningSchema
{
    /// <summary>Strategy, per-kind rates, global fraction, output exclusion, rewind point, controls.</summary>
    public static readonly IReadOnlyList<HparamDefinition> Common = new[]
    {
        new HparamDefinition(HparamKeys.PruningStrategy, HparamType.String, PruningOptions.Layerwise, HparamChecks.OneOf(PruningOptions.Layerwise, PruningOptions.Global)),
        new HparamDefinition(HparamKeys.RateFc, HparamType.Double, null, HparamChecks.OpenFraction, Optional: true),
        new HparamDefinition(HparamKeys.RateConv, HparamType.Double, null, HparamChecks.OpenFraction, Optional: true),
        new HparamDefinition(HparamKeys.RateOutput, HparamType.Double, null, HparamChecks.OpenFraction, Optional: true),
        new HparamDefinition(HparamKeys.GlobalFraction, HparamType.Double, PruningOptions.DefaultGlobalFraction, HparamChecks.OpenFraction),
        new HparamDefinition(HparamKeys.GlobalExcludeOutput, HparamType.Bool, false),
        new HparamDefinition(HparamKeys.RewindIteration, HparamType.Int, 0L, HparamChecks.NonNegative),
        new HparamDefinition(HparamKeys.Controls, HparamType.StringList, System.Collections.Immutable.ImmutableArray<object>.Empty, HparamChecks.SubsetOf(Branches.Controls)),
        new HparamDefinition(HparamKeys.Retrain, HparamType.String, Retraining.WeightRewind, HparamChecks.OneOf(Retraining.All)),
        new HparamDefinition(HparamKeys.ScratchBMaxFactor, HparamType.Double, 2.0, v => System.Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) >= 1 ? null : "must be >= 1"),
        new HparamDefinition(HparamKeys.Distill, HparamType.Bool, false),
        new HparamDefinition(HparamKeys.KdAlpha, HparamType.Double, Distillation.DefaultAlpha, v => System.Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) is >= 0 and <= 1 ? null : "must be in [0, 1]"),
        new HparamDefinition(HparamKeys.KdTemperature, HparamType.Double, Distillation.DefaultTemperature, HparamChecks.Positive),
    };

    /// <summary>The rewind point must fall inside training; distillation options need distillation on.</summary>
    public static IEnumerable<string> Validate(Hparams trial)
    {
        var rewind = trial.GetLong(HparamKeys.RewindIteration, 0);
        var iterations = trial.GetLong(HparamKeys.Iterations, TrainingHparams.DefaultIterations);
        if (rewind >= iterations)
            yield return $"{HparamKeys.RewindIteration} ({rewind}) must be below {HparamKeys.Iterations} ({iterations})";
        if (!trial.GetBool(HparamKeys.Distill, false) && (trial.Contains(HparamKeys.KdAlpha) || trial.Contains(HparamKeys.KdTemperature)))
            yield return $"{HparamKeys.KdAlpha} and {HparamKeys.KdTemperature} only apply with {HparamKeys.Distill} = true";
    }

    /// <summary>Appends one node per requested control, branching off the node at <paramref name="parentIndex"/>.</summary>
    public static void AddControls(List<LineageNode> plan, Hparams trial, int round, int parentIndex)
    {
        foreach (var control in trial.GetList(HparamKeys.Controls).Cast<string>())
            plan.Add(new LineageNode(round, control, parentIndex));
    }
}
