using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Robustness;

/// <summary>
/// What the report makes of a task's <c>robustness</c> rows, as measurements beside the methods' own: the mean accuracy over
/// the corruptions measured and the robust accuracy under each attack, at the early-stop point (where the report's main
/// metric is read) and at the end (<c>_final</c>: where a rewound or fine-tuned network's early-stop point can be its very
/// start). Each is a column of the report and a metric <c>report --metric</c> compares rows on, paired by seed.
/// </summary>
public static class ShiftMeasurements
{
    /// <summary>Mean accuracy over the corrupted test sets measured (MNIST-C's mean corruption accuracy).</summary>
    public static readonly MeasurementDefinition MeanCorruptionAccuracy = new("mean_corruption_accuracy", "mean corruption acc %", 100, "0.00", HigherIsBetter: true);

    /// <summary>Accuracy under FGSM.</summary>
    public static readonly MeasurementDefinition FgsmAccuracy = new("fgsm_accuracy", "FGSM acc %", 100, "0.00", HigherIsBetter: true);

    /// <summary>Accuracy under L∞ PGD.</summary>
    public static readonly MeasurementDefinition PgdAccuracy = new("pgd_accuracy", "PGD acc %", 100, "0.00", HigherIsBetter: true);

    /// <summary>The mean corruption accuracy at the end.</summary>
    public static readonly MeasurementDefinition MeanCorruptionAccuracyFinal = new("mean_corruption_accuracy_final", "final mean corruption acc %", 100, "0.00", HigherIsBetter: true);

    /// <summary>Accuracy under FGSM at the end.</summary>
    public static readonly MeasurementDefinition FgsmAccuracyFinal = new("fgsm_accuracy_final", "final FGSM acc %", 100, "0.00", HigherIsBetter: true);

    /// <summary>Accuracy under L∞ PGD at the end.</summary>
    public static readonly MeasurementDefinition PgdAccuracyFinal = new("pgd_accuracy_final", "final PGD acc %", 100, "0.00", HigherIsBetter: true);

    /// <summary>Every shift measurement, in report order.</summary>
    public static IReadOnlyList<MeasurementDefinition> All { get; } = new[]
    {
        MeanCorruptionAccuracy, MeanCorruptionAccuracyFinal, FgsmAccuracy, FgsmAccuracyFinal, PgdAccuracy, PgdAccuracyFinal,
    };

    /// <summary>The measurements of one task from its points (point, kind, name, accuracy); none when it has none.</summary>
    public static IEnumerable<(string Name, double Value)> Of(IEnumerable<(string Point, string Kind, string Name, double? Accuracy)> points)
    {
        var list = points.Where(p => p.Accuracy.HasValue).ToList();
        foreach (var (point, corruptions, fgsm, pgd) in new[]
                 {
                     (RobustnessPoint.EarlyStop, MeanCorruptionAccuracy, FgsmAccuracy, PgdAccuracy),
                     (RobustnessPoint.Final, MeanCorruptionAccuracyFinal, FgsmAccuracyFinal, PgdAccuracyFinal),
                 })
        {
            var at = list.Where(p => p.Point == point).ToList();
            var corrupted = at.Where(p => p.Kind == RobustnessPoint.Corruption).Select(p => p.Accuracy!.Value).ToList();
            if (corrupted.Count > 0) yield return (corruptions.Name, corrupted.Average());
            foreach (var (attack, definition) in new[] { (RobustnessEvaluation.Fgsm, fgsm), (RobustnessEvaluation.Pgd, pgd) })
                if (at.FirstOrDefault(p => p.Kind == RobustnessPoint.Attack && p.Name == attack) is { Accuracy: { } a }) yield return (definition.Name, a);
        }
    }
}
