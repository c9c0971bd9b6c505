using ActorSweep.Training.Methods.Soup;
using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Tests.Methods.Soup;

/// <summary>
/// This method's own random streams, pinned like task ids: a changed value changes every result of the method's studies
/// (and breaks bit-identical resumes). Never update these values; fix the change.
/// </summary>
[NonParallelizable]
public class SoupStreamsTests
{
    [Test]
    public void Streams_ArePinned_AndDeclaredByTheTrainer()
    {
        var r = new RandomStreams(7);
        Assert.Multiple(() =>
        {
            Assert.That(r.IngredientDataOrder(2), Is.EqualTo(7_000_021UL + 15_838UL + 8UL));
            Assert.That(new SoupTrainer().Streams, Is.EqualTo(new[] { SoupStreams.IngredientDataOrders }));
        });
    }
}
