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
            // The same model maps onto itself (soups, ensembles); across depths, a family's depth morphism (Elastic LTH).
            ModelMapping = (from, to, mapping) => from == to && mapping is null ? null : DepthMorphism.Check(from, to, mapping),
        };
}
