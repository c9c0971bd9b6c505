using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Methods.DstEnsemble;

/// <summary>This method's own random streams (pinned like task ids by its tests: never change a number).</summary>
public static class DstEnsembleStreams
{
    /// <summary>The members of an ensemble of independent runs (purpose number 9).</summary>
    public static readonly StreamPurpose Members = new("ensemble member", 9);

    /// <summary>
    /// The streams of member <paramref name="member"/> (from 1): its own θ0, initial mask, data order and mask updates,
    /// all derived from the trial's seed and the member's number.
    /// </summary>
    public static RandomStreams Member(this RandomStreams streams, int member) => new(streams.Derive(Members, member));
}
