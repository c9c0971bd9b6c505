namespace ActorSweep.Core.Coordination;

/// <summary>
/// What <see cref="CoordinatorState.Decide"/> makes of a command: the events to journal (and apply), the
/// effects to carry out after they are durable, or a refusal that stops the coordinator (a study whose
/// graph no longer matches its journal).
/// </summary>
/// <param name="Events">Events, in order.</param>
/// <param name="Effects">Effects, in order, performed after the events are journaled.</param>
/// <param name="Refusal">Why the coordinator cannot go on; null when it can.</param>
public sealed record Decision(IReadOnlyList<ICoordinatorEvent> Events, IReadOnlyList<ICoordinatorEffect> Effects, string? Refusal = null)
{
    /// <summary>Nothing happens (a stale or duplicate command).</summary>
    public static readonly Decision None = new(Array.Empty<ICoordinatorEvent>(), Array.Empty<ICoordinatorEffect>());

    /// <summary>Only events.</summary>
    public static Decision Of(params ICoordinatorEvent[] events) => new(events, Array.Empty<ICoordinatorEffect>());

    /// <summary>A refusal.</summary>
    public static Decision Refuse(string reason) => new(Array.Empty<ICoordinatorEvent>(), Array.Empty<ICoordinatorEffect>(), reason);
}
