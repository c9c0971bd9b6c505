using ActorSweep.Training.Methods.Elastic;
using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Tests.Methods.Elastic;

/// <summary>
/// This method's own random streams, pinned like task ids: a changed value changes every result of the method's studies
/// (and breaks bit-identical resumes). Never update these values; fix the change.
/// </summary>
[NonParallelizable]
public class ElasticStreamsTests
{
    [Test]
    public void Streams_ArePinned_AndDeclaredByTheTrainer()
    {
        var r = new RandomStreams(7);
        Assert.Multiple(() =>
        {
            Assert.That(r.ElasticCopies(3), Is.EqualTo(7_000_021UL + 23_757UL + 7UL));
            Assert.That(new ElasticTrainer().Streams, Is.EqualTo(new[] { ElasticStreams.Copies }));
        });
    }
}
