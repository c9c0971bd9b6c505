using ActorSweep.Training.Methods.Lmc;
using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Tests.Methods.Lmc;

/// <summary>
/// This method's own random streams, pinned like task ids: a changed value changes every result of the method's studies
/// (and breaks bit-identical resumes). Never update these values; fix the change.
/// </summary>
public class LmcStreamsTests
{
    [Test]
    public void Streams_ArePinned_AndDeclaredByTheTrainer()
    {
        var r = new RandomStreams(7);
        Assert.Multiple(() =>
        {
            Assert.That(r.CopyDataOrder(0), Is.EqualTo(7_000_032UL));
            Assert.That(r.CopyDataOrder(1), Is.EqualTo(7_000_033UL));
            Assert.That(new LmcTrainer().Streams, Is.EqualTo(new[] { LmcStreams.CopyDataOrders }));
        });
    }
}
