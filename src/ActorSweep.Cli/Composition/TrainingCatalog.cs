using ActorSweep.Core.Study;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;

namespace ActorSweep.Cli.Composition;

/// <summary>The dataset and model names this build can train, for study validation.</summary>
public static class TrainingCatalog
{
    /// <summary>The catalog of Training's registries.</summary>
    public static StudyCatalog Create() =>
        new(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, string.Join(", ", ModelRegistry.Names))
        {
            Facts = name => DatasetRegistry.IsKnown(name) ? DatasetRegistry.Info(name).Facts : null,
            CheckModelInput = ModelRegistry.CheckInput,
        };
}
