using ActorSweep.Core.Study;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;

namespace ActorSweep.Cli.Composition;

/// <summary>The dataset and model names this build can train, and the model mappings it can do, for study validation.</summary>
public static class TrainingCatalog
{
    /// <summary>The catalog of Training's registries.</summary>
    public static StudyCatalog Create() =>
        new(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, string.Join(", ", ModelRegistry.Names))
        {
            Facts = name => DatasetRegistry.IsKnown(name) ? DatasetRegistry.Info(name).Facts : null,
            CheckModelInput = ModelRegistry.CheckInput,
            ModelFactsOf = ModelRegistry.FactsOf,
            // The same model maps onto itself (soups, ensembles); across depths, a family's depth morphism (Elastic LTH).
            ModelMapping = (from, to, mapping) => from == to && mapping is null ? null : DepthMorphism.Check(from, to, mapping),
            ModelCost = MultiplyAdds,
        };

    /// <summary>Dense multiply-adds of one forward pass (ShrinkBench's count), for the scheduler; null when the model cannot be built.</summary>
    private static double? MultiplyAdds(string model, string dataset)
    {
        if (!DatasetRegistry.IsKnown(dataset) || !ModelRegistry.IsKnown(model)) return null;
        var f = DatasetRegistry.Info(dataset).Facts;
        try
        {
            using var net = ModelRegistry.Create(model, f.Channels, f.Height, f.Width, f.Classes);
            return Training.Metrics.SparsityMetrics.Measure(net, Training.Pruning.Mask.Ones(net.PrunableLayers), f.Channels, f.Height, f.Width).FlopsDense;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
