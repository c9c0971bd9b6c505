namespace ActorSweep.Core.Study;

/// <summary>One grid key with the values it takes; the grid is the cartesian product of its axes.</summary>
public sealed record GridAxis(string Key, IReadOnlyList<object> Values);
