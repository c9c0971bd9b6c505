using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Ensembles;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.CombinedNetworks;

/// <summary>
/// The measures of combined networks on hand-computed cases: the ensemble's averaged softmax, its accuracy and NLL,
/// FreeTickets' disagreement and KL between members; the soups' weight average; COLT's mask intersection and overlap.
/// </summary>
public class CombiningTests
{
    // Two members, three images, two classes; labels 0, 1, 1.
    // A: softmax [.75 .25], [.25 .75], [.75 .25] → predicts 0, 1, 0.
    // B: softmax [1/3 2/3], [.25 .75], [.75 .25] → predicts 1, 1, 0.
    private static readonly double Ln3 = Math.Log(3), Ln2 = Math.Log(2);

    private static Tensor A() => tensor(new double[] { Ln3, 0, 0, Ln3, Ln3, 0 }, new long[] { 3, 2 });

    private static Tensor B() => tensor(new double[] { 0, Ln2, 0, Ln3, Ln3, 0 }, new long[] { 3, 2 });

    private static Tensor Labels() => tensor(new long[] { 0, 1, 1 });

    [Test]
    public void TheEnsemble_AveragesSoftmaxOutputs_ItsAccuracyAndNllFollow()
    {
        using var a = A();
        using var b = B();
        using var y = Labels();
        using var p = Combining.AveragedProbabilities(new[] { a, b });
        Assert.That(p[0, 0].item<double>(), Is.EqualTo((0.75 + 1.0 / 3) / 2).Within(1e-12));
        Assert.That(p[1, 1].item<double>(), Is.EqualTo(0.75).Within(1e-12));
        Assert.That(Combining.Accuracy(p, y), Is.EqualTo(2.0 / 3).Within(1e-12), "the ensemble predicts 0, 1, 0");
        Assert.That(Combining.Accuracy(a, y), Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(Combining.Accuracy(b, y), Is.EqualTo(1.0 / 3).Within(1e-12));
        var nll = -(Math.Log((0.75 + 1.0 / 3) / 2) + Math.Log(0.75) + Math.Log(0.25)) / 3;
        Assert.That(Combining.Nll(p, y), Is.EqualTo(nll).Within(1e-12));
        Assert.That(Combining.NllOfLogits(a, y), Is.EqualTo(-(Math.Log(0.75) + Math.Log(0.75) + Math.Log(0.25)) / 3).Within(1e-12));
    }

    [Test]
    public void Disagreement_IsTheShareOfImagesLabelledDifferently_KlIsAveragedOverOrderedPairs()
    {
        using var a = A();
        using var b = B();
        Assert.That(Combining.Disagreement(new[] { a, b }), Is.EqualTo(1.0 / 3).Within(1e-12), "they differ on image 0 only");
        // Only image 0 differs: KL(B‖A) = 1/3 ln((1/3)/.75) + 2/3 ln((2/3)/.25); KL(A‖B) = .75 ln(.75·3) + .25 ln(.25·1.5).
        var klBa = 1.0 / 3 * Math.Log(1.0 / 3 / 0.75) + 2.0 / 3 * Math.Log(2.0 / 3 / 0.25);
        var klAb = 0.75 * Math.Log(0.75 * 3) + 0.25 * Math.Log(0.25 * 1.5);
        Assert.That(Combining.KlDivergence(new[] { a, b }), Is.EqualTo((klBa + klAb) / 2 / 3).Within(1e-12));
        Assert.That(Combining.KlDivergence(new[] { a, a.clone() }), Is.EqualTo(0).Within(1e-15));
        Assert.That(Combining.Disagreement(new[] { a, a.clone(), b }), Is.EqualTo((0 + 1.0 / 3 + 1.0 / 3) / 3).Within(1e-12), "three members: three pairs");
    }

    [Test]
    public void WeightAveraging_AveragesFloatTensors_AndTakesCountersFromTheFirst()
    {
        var s1 = new Dictionary<string, StoredTensor> { ["w"] = new(new long[] { 2 }, new[] { 1f, 0f }), ["n"] = new(Array.Empty<long>(), new long[] { 7 }) };
        var s2 = new Dictionary<string, StoredTensor> { ["w"] = new(new long[] { 2 }, new[] { 2f, 0f }), ["n"] = new(Array.Empty<long>(), new long[] { 9 }) };
        var s3 = new Dictionary<string, StoredTensor> { ["w"] = new(new long[] { 2 }, new[] { 6f, 0f }), ["n"] = new(Array.Empty<long>(), new long[] { 9 }) };
        var avg = WeightAveraging.Average(new[] { s1, s2, s3 });
        Assert.That((float[])avg["w"].Data, Is.EqualTo(new[] { 3f, 0f }), "a pruned weight stays 0 in the soup");
        Assert.That((long[])avg["n"].Data, Is.EqualTo(new long[] { 7 }));
        var other = new Dictionary<string, StoredTensor> { ["w"] = new(new long[] { 3 }, new[] { 1f, 2f, 3f }), ["n"] = s1["n"] };
        Assert.That(() => WeightAveraging.Average(new[] { s1, other }), Throws.TypeOf<InvalidDataException>().With.Message.Contains("'w'"));
    }

    [Test]
    public void MaskIntersection_KeepsWhatEveryMaskKeeps_AndOverlapIsIntersectionOverUnion()
    {
        var layers = new[] { new PrunableLayer("h.weight", LayerKind.Fc, new long[] { 2, 3 }), new PrunableLayer("o.weight", LayerKind.Output, new long[] { 1, 2 }) };
        var m1 = new Mask(layers, new Dictionary<string, float[]> { ["h.weight"] = new[] { 1f, 1f, 0f, 1f, 0f, 1f }, ["o.weight"] = new[] { 1f, 1f } });
        var m2 = new Mask(layers, new Dictionary<string, float[]> { ["h.weight"] = new[] { 1f, 0f, 0f, 1f, 1f, 1f }, ["o.weight"] = new[] { 0f, 1f } });
        var and = MaskOverlap.Intersection(new[] { m1, m2 });
        Assert.That(and["h.weight"], Is.EqualTo(new[] { 1f, 0f, 0f, 1f, 0f, 1f }));
        Assert.That(and["o.weight"], Is.EqualTo(new[] { 0f, 1f }));
        // h: both keep 0, 3, 5 (3); either keeps 0, 1, 3, 4, 5 (5).  o: both 1 (1); either 0, 1 (2).
        Assert.That(MaskOverlap.IntersectionOverUnion(new[] { m1, m2 }, l => l.Kind != LayerKind.Output), Is.EqualTo(3.0 / 5).Within(1e-15));
        Assert.That(MaskOverlap.IntersectionOverUnion(new[] { m1, m2 }, _ => true), Is.EqualTo(4.0 / 7).Within(1e-15));
        Assert.That(MaskOverlap.IntersectionOverUnion(new[] { m1, m1 }, _ => true), Is.EqualTo(1.0));
    }
}
