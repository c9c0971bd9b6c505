using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>A method as a study names it, with its non-default <c>method.*</c> options.</summary>
/// <param name="Name">The registered method name.</param>
/// <param name="Options">Its options that differ from the method's defaults.</param>
/// <param name="Index">Its position in the study's <c>methods</c> list (errors name <c>methods[i]</c>).</param>
/// <param name="Line">The line of its block in the study file (0 when unknown).</param>
public sealed record MethodSpec(string Name, Hparams Options, int Index = 0, int Line = 0);
