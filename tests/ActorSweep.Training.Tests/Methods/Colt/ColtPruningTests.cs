using ActorSweep.Core.Methods.Colt;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Methods.Colt;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;

namespace ActorSweep.Training.Tests.Methods.Colt;

/// <summary>COLT's pruning step on hand-computed masks: the reference's pools by layer kind, and the single pool of earlier studies.</summary>
public class ColtPruningTests
{
    private static readonly PrunableLayer[] ConvNet =
    {
        new("conv.weight", LayerKind.Conv, new long[] { 4 }),
        new("fc.weight", LayerKind.Fc, new long[] { 4 }),
        new("out.weight", LayerKind.Output, new long[] { 2 }),
    };

    // |w|: conv 0.9 0.1 0.5 0.3 — fc 0.2 0.05 0.8 0.4 — output 0.01 0.02.
    private static readonly Dictionary<string, float[]> Weights = new()
    {
        ["conv.weight"] = new[] { 0.9f, -0.1f, 0.5f, 0.3f },
        ["fc.weight"] = new[] { 0.2f, 0.05f, -0.8f, 0.4f },
        ["out.weight"] = new[] { 0.01f, 0.02f },
    };

    private static ColtOptions Options(params (string Key, object Value)[] values) =>
        new ColtMethod().Bind(Hparams.From(values.Select(v => new KeyValuePair<string, object>(v.Key, v.Value))));

    [Test]
    public void ByKind_PrunesTheConvolutionsAtTheirRate_AndLeavesLinearLayersBesideThem_AsTheReferencesLinearRatio0()
    {
        var options = Options((HparamKeys.GlobalFraction, 0.5));
        Assert.That(options.PoolsOfEachKind, Is.True, "the default of release 4");
        var pruned = ColtTrainer.Prune(Mask.Ones(ConvNet), Weights, options);
        Assert.That(pruned["conv.weight"], Is.EqualTo(new[] { 1f, 0f, 1f, 0f }), "⌈0.5·4⌉ = 2 conv weights go: 0.1 and 0.3");
        Assert.That(pruned["fc.weight"], Is.EqualTo(new[] { 1f, 1f, 1f, 1f }), "linear ratio 0 beside convolutions");
        Assert.That(pruned["out.weight"], Is.EqualTo(new[] { 1f, 1f }), "output ratio 0");

        var oneLinear = ColtTrainer.Prune(Mask.Ones(ConvNet), Weights, Options((HparamKeys.GlobalFraction, 0.5), (ColtOptions.LinearFractionKey, 0.25)));
        Assert.That(oneLinear["fc.weight"], Is.EqualTo(new[] { 1f, 0f, 1f, 1f }), "⌈0.25·4⌉ = 1: 0.05, ranked among linear weights only");
        Assert.That(oneLinear["conv.weight"], Is.EqualTo(pruned["conv.weight"]));

        var conv25 = ColtTrainer.Prune(Mask.Ones(ConvNet), Weights, Options((ColtOptions.ConvFractionKey, 0.25)));
        Assert.That(conv25["conv.weight"], Is.EqualTo(new[] { 1f, 0f, 1f, 1f }), "conv-fraction 0.25: only 0.1");
    }

    [Test]
    public void ByKind_CountsEachPoolsRemainingWeights_NotTheWholeNetworks()
    {
        // conv keeps 3 of 4 (0.9 already gone); 0.5 of 3 remaining → ⌈1.5⌉ = 2 more go: 0.1 and 0.3.
        var mask = Mask.Ones(ConvNet);
        mask = new Mask(ConvNet, ConvNet.ToDictionary(l => l.Name, l => l.Name == "conv.weight" ? new[] { 0f, 1f, 1f, 1f } : mask[l.Name]));
        var pruned = ColtTrainer.Prune(mask, Weights, Options((HparamKeys.GlobalFraction, 0.5)));
        Assert.That(pruned["conv.weight"], Is.EqualTo(new[] { 0f, 0f, 1f, 0f }));
    }

    [Test]
    public void OnePool_RanksConvolutionsAndLinearLayersTogether_AsReleasesBefore4()
    {
        var options = new ColtMethod().Bind(Hparams.From(new[] { new KeyValuePair<string, object>(HparamKeys.GlobalFraction, 0.5) }), DefaultsVersion.Release3);
        Assert.That(options.PoolsOfEachKind, Is.False, "a study of release 3 keeps its single pool");
        var pruned = ColtTrainer.Prune(Mask.Ones(ConvNet), Weights, options);
        // 8 conv+fc weights, ⌈0.5·8⌉ = 4 smallest: 0.05 (fc), 0.1 (conv), 0.2 (fc), 0.3 (conv).
        Assert.That(pruned["conv.weight"], Is.EqualTo(new[] { 1f, 0f, 1f, 0f }));
        Assert.That(pruned["fc.weight"], Is.EqualTo(new[] { 0f, 0f, 1f, 1f }));
        Assert.That(pruned["out.weight"], Is.EqualTo(new[] { 1f, 1f }));
    }

    [Test]
    public void ANetworkOfLinearLayersOnly_PrunesThemAtTheGlobalFraction_TheSameMaskInBothPoolings()
    {
        var mlp = new PrunableLayer[]
        {
            new("l0.weight", LayerKind.Fc, new long[] { 3 }), new("l1.weight", LayerKind.Fc, new long[] { 3 }), new("out.weight", LayerKind.Output, new long[] { 2 }),
        };
        var weights = new Dictionary<string, float[]>
        {
            ["l0.weight"] = new[] { 0.3f, 0.6f, 0.1f }, ["l1.weight"] = new[] { 0.2f, 0.5f, 0.4f }, ["out.weight"] = new[] { 0.01f, 0.02f },
        };
        var byKind = ColtTrainer.Prune(Mask.Ones(mlp), weights, Options((HparamKeys.GlobalFraction, 0.5)));
        Assert.That(byKind["l0.weight"], Is.EqualTo(new[] { 0f, 1f, 0f }), "⌈0.5·6⌉ = 3 of both hidden layers in one pool: 0.1 and 0.3 of l0, 0.2 of l1");
        Assert.That(byKind["l1.weight"], Is.EqualTo(new[] { 0f, 1f, 1f }));
        var one = ColtTrainer.Prune(Mask.Ones(mlp), weights, new ColtMethod().Bind(Hparams.From(new[] { new KeyValuePair<string, object>(HparamKeys.GlobalFraction, 0.5) }), DefaultsVersion.Release3));
        foreach (var l in mlp) Assert.That(one[l.Name], Is.EqualTo(byKind[l.Name]), $"{l.Name}: the committed colt-fashion study (lenet-300-100) does not change");
    }

    [Test]
    public void TheMasksAgreement_IsMeasuredOverTheLayersARoundPrunes()
    {
        var options = Options((HparamKeys.GlobalFraction, 0.5));
        var a = ColtTrainer.Prune(Mask.Ones(ConvNet), Weights, options);
        var flipped = Weights.ToDictionary(e => e.Key, e => e.Key == "conv.weight" ? new[] { 0.1f, 0.9f, 0.3f, 0.5f } : e.Value);
        var b = ColtTrainer.Prune(Mask.Ones(ConvNet), flipped, options);
        // a keeps conv {0, 2}, b keeps {1, 3}: no conv weight in both → IoU 0 over the conv pool (the unpruned fc would add 4/4).
        Assert.That(ColtTrainer.Measure(new[] { a, b }, options).MaskOverlap, Is.EqualTo(0));
    }

    [Test]
    public void PerKindRates_WithASinglePool_AreRefusedByName()
    {
        var errors = new ColtMethod().Validate(Hparams.From(new KeyValuePair<string, object>[]
        {
            new(HparamKeys.Dataset, "synthetic"), new(HparamKeys.Model, "conv-2"), new(ColtOptions.PoolsKey, "one"), new(ColtOptions.ConvFractionKey, 0.2),
        })).ToList();
        Assert.That(errors, Has.Some.Contains("method.conv-fraction").And.Some.Contains("pools = by-kind"));
    }
}
