using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.EarlyBird;

/// <summary>
/// Early-Bird's own measurements, in the <c>metrics</c> map of its rows (both search-run and retrained rows carry them):
/// when the ticket was drawn and how much of the dense run that saved. Names are part of the output: never rename one.
/// </summary>
public static class EarlyBirdMeasurements
{
    /// <summary>The iteration at which the search run drew its ticket (the mask distance settled).</summary>
    public static readonly MeasurementDefinition TicketDrawnAt = new("ticket_drawn_at", "ticket drawn at it.", 1, "0");

    /// <summary>The fraction of the dense run's iterations the early draw saved: (T − draw) / T.</summary>
    public static readonly MeasurementDefinition TrainingSaved = new("training_saved", "training saved %", 100, "0.0");

    /// <summary>Both, in the report's column order.</summary>
    public static readonly IReadOnlyList<MeasurementDefinition> All = new[] { TicketDrawnAt, TrainingSaved };
}
