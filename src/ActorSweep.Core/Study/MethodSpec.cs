using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>A method as a study names it, with its non-default <c>method.*</c> options.</summary>
/// <param name="Name">The registered method name.</param>
/// <param name="Options">Its options that differ from the method's defaults.</param>
/// <param name="Index">Its position in the study's <c>methods</c> list (errors name <c>methods[i]</c>).</param>
/// <param name="Line">The line of its block in the study file (0 when unknown).</param>
public sealed record MethodSpec(string Name, Hparams Options, int Index = 0, int Line = 0)
{
    /// <summary>
    /// The models this entry trains (<c>model = …</c> or <c>models = [ … ]</c> in its block), replacing the study's
    /// <c>model</c> and any <c>grid.model</c> for its trials; empty when the block names none.
    /// </summary>
    public IReadOnlyList<string> Models { get; init; } = Array.Empty<string>();
}
