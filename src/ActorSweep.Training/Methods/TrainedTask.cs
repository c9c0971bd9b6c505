using ActorSweep.Core.Tasks;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Methods;

/// <summary>
/// What a trainer hands back: the trained network (saved as <c>final.pt</c>), the mask it ended under, what
/// the loop measured, and any measurement of the method's own (the LMC pair's interpolation).
/// </summary>
/// <param name="Model">The trained network; the runner disposes it.</param>
/// <param name="Mask">The mask the weights ended under.</param>
/// <param name="Outcome">The loop's measurements.</param>
public sealed record TrainedTask(SparseNet Model, Mask Mask, TrainOutcome Outcome)
{
    /// <summary>Points on the line between two trained copies (LMC pairs).</summary>
    public IReadOnlyList<InterpolationPoint> Interpolation { get; init; } = Array.Empty<InterpolationPoint>();

    /// <summary>The LMC instability.</summary>
    public double? Instability { get; init; }

    /// <summary>What the method measured beyond the shared metrics, by the names it declares (Early-Bird's draw).</summary>
    public Measurements Measurements { get; init; } = Measurements.None;

    /// <summary>An ensemble's or soup's measurements against its members.</summary>
    public CombinationResult? Combination { get; init; }

    /// <summary>A trained task whose mask is the loop's final mask when it changed (dynamic sparse training), else <paramref name="mask"/>.</summary>
    public static TrainedTask Of(SparseNet model, Mask mask, TrainOutcome outcome) => new(model, outcome.FinalMask ?? mask, outcome);
}
