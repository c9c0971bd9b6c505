using ActorSweep.Training.Methods.DstEnsemble;
using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Tests.Methods.DstEnsemble;

/// <summary>
/// This method's own random streams, pinned like task ids: a changed value changes every result of the method's studies
/// (and breaks bit-identical resumes). Never update these values; fix the change.
/// </summary>
public class DstEnsembleStreamsTests
{
    [Test]
    public void Streams_ArePinned_AndDeclaredByTheTrainer()
    {
        var r = new RandomStreams(7);
        Assert.Multiple(() =>
        {
            Assert.That(r.Member(2).Initialisation, Is.EqualTo(7_000_021UL + 15_838UL + 9UL));
            Assert.That(r.Member(2).MaskUpdates, Is.EqualTo((7_000_021UL + 15_838UL + 9UL) * 1_000_003UL + 6UL));
            Assert.That(new DstEnsembleTrainer().Streams, Is.EqualTo(new[] { DstEnsembleStreams.Members }));
        });
    }
}
