using ActorSweep.Core.Methods.Set;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Set;

/// <summary>SET's layer distribution defaults to each variant's own: rigl's ERK, sparse_learning's constant (uniform) mask.</summary>
public class SetOptionsTests
{
    private static Hparams Trial(params (string Key, object Value)[] values) =>
        Hparams.From(values.Select(v => new KeyValuePair<string, object>(v.Key, v.Value)).Append(new(HparamKeys.Sparsity, 0.9)));

    [Test]
    public void SparseLearningVariant_StartsFromAUniformMask_AsSparseLearningsConstantInit()
    {
        var method = new SetMethod();
        Assert.That(method.Bind(Trial((SetKeys.Variant, SetOptions.SparseLearningVariant))).Distribution, Is.EqualTo(LayerDistribution.Uniform));
        Assert.That(method.Bind(Trial((SetKeys.Variant, SetOptions.SparseLearningVariant)), DefaultsVersion.Release3).Distribution,
            Is.EqualTo(LayerDistribution.ErdosRenyiKernel), "a study of release 3 keeps the ERK it started with");
        Assert.That(method.Bind(Trial((SetKeys.Variant, SetOptions.SparseLearningVariant), (HparamKeys.Distribution, "er"))).Distribution, Is.EqualTo(LayerDistribution.ErdosRenyi));
        Assert.That(method.Bind(Trial()).Distribution, Is.EqualTo(LayerDistribution.ErdosRenyiKernel), "rigl's SET keeps rigl's ERK");
    }
}
