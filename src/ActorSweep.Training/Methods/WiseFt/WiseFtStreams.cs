using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Methods.WiseFt;

/// <summary>WiSE-FT's own random streams (pinned like task ids by its tests: never change a number).</summary>
public static class WiseFtStreams
{
    /// <summary>The data order of the fine-tuning (purpose number 31): not the source's, so fine-tuning sees new batches.</summary>
    public static readonly StreamPurpose FineTuningDataOrder = new("wise-ft fine-tuning data order", 31);

    /// <summary>The fine-tuning's data order.</summary>
    public static ulong WiseFtDataOrder(this RandomStreams streams) => streams.Derive(FineTuningDataOrder, 0);
}
