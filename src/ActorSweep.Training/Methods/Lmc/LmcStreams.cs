using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Methods.Lmc;

/// <summary>This method's own random streams (pinned like task ids by its tests: never change a number).</summary>
public static class LmcStreams
{
    /// <summary>The data orders of the two copies of a pair trained from the same weights (purpose numbers 11 and 12).</summary>
    public static readonly StreamPurpose CopyDataOrders = new("LMC copy data order", 11, Width: 2);

    /// <summary>The data order of copy <paramref name="copy"/> (0, 1) of the pair.</summary>
    public static ulong CopyDataOrder(this RandomStreams streams, int copy) => streams.Derive(CopyDataOrders, 0, copy);
}
