using ActorSweep.Training.Methods;
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
            Assert.That(RandomStreams.EpochOrder(7, 2), Is.EqualTo(7_000_023UL));
            Assert.That(RandomStreams.Augmentation(7, 5), Is.EqualTo(7_000_021UL + 39_595UL + 17UL));
            Assert.That(RandomStreams.MaskUpdate(9, 100, 2), Is.EqualTo(9_000_027UL + 791_900UL + 2UL));
        });
    }

    [Test]
    public void Streams_OfOneTrialAndRound_AreDistinct()
    {
        var r = new RandomStreams(1);
        var seeds = new[] { r.Initialisation, r.ReinitControl(1), r.RandomMaskControl(1), r.ScratchControl(1), r.AtInitSampling, r.SparseInitMask, r.MaskUpdates, r.LabelNoise }
            .Concat(TrainerRegistry.Default.Names.SelectMany(n => TrainerRegistry.Default.Get(n).Streams).SelectMany(p => Enumerable.Range(0, p.Width).Select(w => r.Derive(p, 1, w))))
            .ToArray();
        Assert.That(seeds.Distinct().Count(), Is.EqualTo(seeds.Length));
    }

    [Test]
    public void EveryPurposeNumber_OfTheBuild_IsTakenOnce()
    {
        // The shared streams' numbers and every number each method declares (a purpose of width w takes w numbers).
        var taken = RandomStreams.Shared.Select(p => (Owner: "shared", Purpose: p))
            .Concat(TrainerRegistry.Default.Names.SelectMany(n => TrainerRegistry.Default.Get(n).Streams.Select(p => (Owner: n, Purpose: p))))
            .SelectMany(x => Enumerable.Range(x.Purpose.Number, x.Purpose.Width).Select(number => (number, who: $"{x.Owner}: {x.Purpose.Name}")))
            .ToList();
        var clashes = taken.GroupBy(x => x.number).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(" and ", g.Select(x => x.who))}").ToList();
        Assert.That(clashes, Is.Empty);
        Assert.That(taken.Select(x => x.number), Does.Contain(11).And.Contain(12).And.Contain(9), "the methods' own purposes are listed by their trainers");
    }

    [Test]
    public void Derive_RefusesANumberBeyondThePurposesWidth() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomStreams(1).Derive(new StreamPurpose("x", 30, Width: 2), 0, within: 2));
}
