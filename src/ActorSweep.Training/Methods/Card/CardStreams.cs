using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Methods.Card;

/// <summary>The CARD-Deck's own random streams (pinned like task ids by its tests: never change a number).</summary>
public static class CardStreams
{
    /// <summary>The cards (purpose number 32): card j of every group shares θ0 and data order, so groups differ only by augmentation.</summary>
    public static readonly StreamPurpose Cards = new("CARD-Deck card", 32);

    /// <summary>The augmentation of the images that make each group's reference spectrum (purpose number 33).</summary>
    public static readonly StreamPurpose References = new("CARD-Deck reference spectrum", 33);

    /// <summary>The streams of card <paramref name="number"/> (from 1) of each group: its θ0, data order and augmentation draws.</summary>
    public static RandomStreams Card(this RandomStreams streams, int number) => new(streams.Derive(Cards, number));

    /// <summary>The seed of group <paramref name="group"/>'s reference images' augmentation (from 0, in <c>method.augmentations</c>' order).</summary>
    public static ulong Reference(this RandomStreams streams, int group) => streams.Derive(References, group);
}
