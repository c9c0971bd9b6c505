using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.Distribution;

namespace ActorSweep.Training.Tests.Methods;

public class LayerDensitiesTests
{
    private static readonly PrunableLayer[] LeNet300 =
    {
        new("layers.0.weight", LayerKind.Fc, new long[] { 300, 784 }),
        new("layers.1.weight", LayerKind.Fc, new long[] { 100, 300 }),
        new("layers.2.weight", LayerKind.Output, new long[] { 10, 100 }),
    };

    [Test]
    public void Erk_LeNet300_At90Percent_MatchesTheHandComputation()
    {
        // By hand (rigl's get_sparsities_erdos_renyi): raw = sum(shape)/prod(shape) = 1084/235200,
        // 400/30000, 110/1000. First pass: ε = (23520 + 3000 + 100) / (1084 + 400 + 110) = 16.70, and
        // 0.11·ε = 1.84 > 1, so the output layer goes dense. Second pass: ε = (23520 + 3000 − 900) /
        // (1084 + 400) = 25620 / 1484 = 17.2642. Densities 1084·ε/235200 = 0.079568 and 400·ε/30000 =
        // 0.230189; kept = n − ⌊(1 − density)·n⌋ = 18715 and 6906; the output layer keeps all 1000.
        var s = LayerDensities.Sparsities(LeNet300, 0.9, LayerDistribution.ErdosRenyiKernel);
        var eps = 25620.0 / 1484;
        Assert.That(1 - s["layers.0.weight"], Is.EqualTo(1084 * eps / 235200).Within(1e-12));
        Assert.That(1 - s["layers.1.weight"], Is.EqualTo(400 * eps / 30000).Within(1e-12));
        Assert.That(s["layers.2.weight"], Is.EqualTo(0.0));
        var kept = LayerDensities.KeptCounts(LeNet300, 0.9, LayerDistribution.ErdosRenyiKernel);
        Assert.That(kept.Values, Is.EqualTo(new long[] { 18715, 6906, 1000 }));
        Assert.That(kept.Values.Sum(), Is.EqualTo(26620).Within(1), "same total as uniform 90 %");
    }

    [Test]
    public void ErdosRenyi_ForFullyConnectedLayers_EqualsErk_AndUniformIsUniform()
    {
        // For 2-d weights (n_out + n_in)/(n_out·n_in) is both the ER and the ERK ratio.
        Assert.That(LayerDensities.KeptCounts(LeNet300, 0.95, LayerDistribution.ErdosRenyi),
            Is.EqualTo(LayerDensities.KeptCounts(LeNet300, 0.95, LayerDistribution.ErdosRenyiKernel)));
        Assert.That(LayerDensities.KeptCounts(LeNet300, 0.8, LayerDistribution.Uniform).Values, Is.EqualTo(new long[] { 47040, 6000, 200 }));
    }

    [Test]
    public void Erk_ForConvolutions_CountsTheKernel_AndEr_DoesNot()
    {
        var conv = new[]
        {
            new PrunableLayer("c1", LayerKind.Conv, new long[] { 64, 3, 3, 3 }),
            new PrunableLayer("c2", LayerKind.Conv, new long[] { 64, 64, 3, 3 }),
            new PrunableLayer("fc", LayerKind.Output, new long[] { 10, 4096 }),
        };
        var erk = LayerDensities.Sparsities(conv, 0.9, LayerDistribution.ErdosRenyiKernel);
        var er = LayerDensities.Sparsities(conv, 0.9, LayerDistribution.ErdosRenyi);
        Assert.That(erk["c2"], Is.Not.EqualTo(er["c2"]));
        // ERK: c2's raw ratio (64+64+3+3)/36864; ER: (64+64)/4096.
        var keptErk = LayerDensities.KeptCounts(conv, 0.9, LayerDistribution.ErdosRenyiKernel).Values.Sum();
        var total = conv.Sum(l => l.Count);
        Assert.That(keptErk, Is.EqualTo(total - conv.Sum(l => (long)Math.Floor(0.9 * l.Count))).Within(2));
    }

    [Test]
    public void UnknownDistribution_FailsByName()
    {
        // A word outside uniform, er, erk is refused at load (Choice); a value outside the enum still fails by name.
        var e = Assert.Throws<NotSupportedException>(() => LayerDensities.Sparsities(LeNet300, 0.9, (LayerDistribution)7))!;
        Assert.That(e.Message, Does.Contain("7").And.Contain("uniform, er, erk"));
        Assert.Throws<ArgumentException>(() => LayerDistributions.Words.Of("snfs"));
    }
}
