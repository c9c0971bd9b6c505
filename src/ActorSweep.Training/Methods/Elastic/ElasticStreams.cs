using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Methods.Elastic;

/// <summary>This method's own random streams (pinned like task ids by its tests: never change a number).</summary>
public static class ElasticStreams
{
    /// <summary>The <c>random-copies</c> baseline's shuffles of the later copies of a round's mapped mask (purpose number 7).</summary>
    public static readonly StreamPurpose Copies = new("Elastic random copies", 7);

    /// <summary>The shuffles of the later copies of round <paramref name="round"/>'s mapped mask.</summary>
    public static ulong ElasticCopies(this RandomStreams streams, int round) => streams.Derive(Copies, round);
}
