using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>A method as a study names it, with its non-default <c>method.*</c> options.</summary>
public sealed record MethodSpec(string Name, Hparams Options);
