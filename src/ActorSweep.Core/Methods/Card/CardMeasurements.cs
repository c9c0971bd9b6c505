using ActorSweep.Core.Robustness;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Card;

/// <summary>
/// The spectral deck's own measurements, in the <c>metrics</c> map of its rows: the fraction of the clean test images and of
/// the corrupted ones (every corruption of <c>training.robustness</c> pooled) that its gate routes to each group of cards.
/// Names are part of the output: never rename one.
/// </summary>
public static class CardMeasurements
{
    /// <summary>The fraction of clean test images routed to the cards trained with <paramref name="augmentation"/>.</summary>
    public static MeasurementDefinition RoutedClean(string augmentation) => All.First(m => m.Name == $"routed_{augmentation}_clean");

    /// <summary>The fraction of corrupted test images routed to the cards trained with <paramref name="augmentation"/>.</summary>
    public static MeasurementDefinition RoutedCorrupted(string augmentation) => All.First(m => m.Name == $"routed_{augmentation}_corrupted");

    /// <summary>Every measurement, two per augmentation kind, in the report's column order.</summary>
    public static readonly IReadOnlyList<MeasurementDefinition> All = TrainingAugmentation.Kinds.SelectMany(k => new[]
    {
        new MeasurementDefinition($"routed_{k}_clean", $"→{k} clean %", 100, "0.0"),
        new MeasurementDefinition($"routed_{k}_corrupted", $"→{k} corrupted %", 100, "0.0"),
    }).ToArray();
}
