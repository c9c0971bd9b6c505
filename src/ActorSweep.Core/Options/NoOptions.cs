using ActorSweep.Core.Study;

namespace ActorSweep.Core.Options;

/// <summary>The options record of a method that takes none (the dense baseline).</summary>
public sealed record NoOptions
{
    /// <summary>The single instance.</summary>
    public static readonly NoOptions Instance = new();

    /// <summary>An empty schema.</summary>
    public static readonly OptionSchema<NoOptions> Schema = new(Array.Empty<HparamDefinition>(), _ => Instance);
}
