using ActorSweep.Training.Randomness;

namespace ActorSweep.Training.Tests.Randomness;

/// <summary>
/// The named random streams are pinned like task ids: a changed value changes every result of every study
/// (and breaks bit-identical resumes of studies started before). Never update these values; fix the change.
/// </summary>
public class RandomStreamsTests
{
    [Test]
    public void Streams_ArePinned()
    {
        var r = new RandomStreams(7);
        Assert.Multiple(() =>
        {
            Assert.That(r.Initialisation, Is.EqualTo(7UL));
            Assert.That(r.DataOrder, Is.EqualTo(7UL));
            Assert.That(r.ReinitControl(3), Is.EqualTo(7_000_021UL + 23_757UL + 1UL));
            Assert.That(r.RandomMaskControl(3), Is.EqualTo(7_023_780UL));
            Assert.That(r.ScratchControl(3), Is.EqualTo(7_023_783UL));
            Assert.That(r.AtInitSampling, Is.EqualTo(7_000_024UL));
            Assert.That(r.SparseInitMask, Is.EqualTo(7_000_025UL));
            Assert.That(r.MaskUpdates, Is.EqualTo(7_000_027UL));
            Assert.That(r.CopyDataOrder(0), Is.EqualTo(7_000_032UL));
            Assert.That(r.CopyDataOrder(1), Is.EqualTo(7_000_033UL));
            Assert.That(r.ElasticCopies(3), Is.EqualTo(7_000_021UL + 23_757UL + 7UL));
            Assert.That(r.IngredientDataOrder(2), Is.EqualTo(7_000_021UL + 15_838UL + 8UL));
            Assert.That(r.Member(2).Initialisation, Is.EqualTo(7_000_021UL + 15_838UL + 9UL));
            Assert.That(r.Member(2).MaskUpdates, Is.EqualTo((7_000_021UL + 15_838UL + 9UL) * 1_000_003UL + 6UL));
            Assert.That(RandomStreams.EpochOrder(7, 2), Is.EqualTo(7_000_023UL));
            Assert.That(RandomStreams.Augmentation(7, 5), Is.EqualTo(7_000_021UL + 39_595UL + 17UL));
            Assert.That(RandomStreams.MaskUpdate(9, 100, 2), Is.EqualTo(9_000_027UL + 791_900UL + 2UL));
        });
    }

    [Test]
    public void Streams_OfOneTrialAndRound_AreDistinct()
    {
        var r = new RandomStreams(1);
        var seeds = new[] { r.Initialisation, r.ReinitControl(1), r.RandomMaskControl(1), r.ScratchControl(1), r.AtInitSampling, r.SparseInitMask, r.MaskUpdates, r.CopyDataOrder(0), r.CopyDataOrder(1),
            r.ElasticCopies(1), r.IngredientDataOrder(1), r.Member(1).Initialisation, r.Member(2).Initialisation };
        Assert.That(seeds.Distinct().Count(), Is.EqualTo(seeds.Length));
    }
}
