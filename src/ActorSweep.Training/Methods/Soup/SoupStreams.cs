using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Methods.Soup;

/// <summary>This method's own random streams (pinned like task ids by its tests: never change a number).</summary>
public static class SoupStreams
{
    /// <summary>The data orders of the ingredients, one per fine-tuning seed (purpose number 8).</summary>
    public static readonly StreamPurpose IngredientDataOrders = new("soup ingredient data order", 8);

    /// <summary>The data order of an ingredient fine-tuned with data-order seed <paramref name="ingredientSeed"/>.</summary>
    public static ulong IngredientDataOrder(this RandomStreams streams, int ingredientSeed) => streams.Derive(IngredientDataOrders, ingredientSeed);
}
