using ActorSweep.Training.Models;
using ActorSweep.Training.Numerics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Loop;

/// <summary>
/// No temporary Scalar reaches libtorch from training (TorchSharp's finaliser race, dotnet/TorchSharp#1434): Training's
/// IL makes none and calls no TorchSharp method that makes one; the TorchSharp modules the models are built from
/// forward without one (reached by virtual calls, which the IL scan cannot follow); the held replacements compute
/// exactly what they replace.
/// </summary>
public class ImplicitScalarTests
{
    private static readonly string[] Models = { "lenet-16-8", "conv-2-bn-4", "conv-4", "vgg-11", "resnet-20" };

    [Test]
    public void TrainingsIL_HandsNoTemporaryScalarToLibtorch()
    {
        var sites = ImplicitScalarSites.In(typeof(ActorSweep.Training.Runner.TorchTaskRunner).Assembly.Location);
        Assert.That(sites, Is.Empty, "hold the Scalar (HeldScalars) at:\n" + string.Join("\n", sites));
    }

    [Test]
    public void TheScan_FindsTheSitesItLooksFor()
    {
        // The scan is only worth its empty answer if it sees such sites: TorchSharp's own Adam makes them, and a + b does.
        var converting = ImplicitScalarSites.ConvertingMethodsOf(typeof(TorchSharp.Scalar).Assembly.Location);
        Assert.That(converting.Where(c => c.StartsWith("TorchSharp.Modules.Adam", StringComparison.Ordinal)), Is.Not.Empty);
        Assert.That(converting, Does.Contain("TorchSharp.torch/Tensor.op_Addition(Tensor, Tensor)"));
        Assert.That(converting, Does.Contain("TorchSharp.torch/Tensor.op_Multiply(Tensor, Double)"));
        Assert.That(converting, Does.Not.Contain("TorchSharp.torch/Tensor.mul(Scalar)"));
        Assert.That(ImplicitScalarSites.In(typeof(ImplicitScalarTests).Assembly.Location), Is.Not.Empty, "this test assembly does make some (below)");
    }

    [TestCaseSource(nameof(Models))]
    public void EveryTorchSharpModuleOfAModel_ForwardsWithoutATemporaryScalar(string name)
    {
        var converting = ImplicitScalarSites.ConvertingMethodsOf(typeof(TorchSharp.Scalar).Assembly.Location);
        using var model = ModelRegistry.Create(name, 3, 32, 32, 10);
        var checkedTypes = 0;
        foreach (var (path, module) in model.named_modules())
        {
            var type = module.GetType();
            if (type.Namespace?.StartsWith("TorchSharp", StringComparison.Ordinal) != true) continue;   // ours: covered by the IL scan
            var forward = type.GetMethod("forward", new[] { typeof(Tensor) });
            if (forward is null) continue;
            checkedTypes++;
            var key = $"{forward.DeclaringType!.FullName!.Replace('+', '/')}.forward(Tensor)";
            Assert.That(converting, Does.Not.Contain(key), $"{name} {path}: {key} (TorchSharp's BatchNorm2d: use HeldBatchNorm2d)");
        }
        Assert.That(checkedTypes, Is.GreaterThan(0));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.equal(b).all().item<bool>();

    [Test]
    public void HeldOperations_AreBitIdenticalToTheOperatorsTheyReplace()
    {
        var a = randn(64, 10, generator: new TorchSharp.torch.Generator(1));
        var b = randn(64, 10, generator: new TorchSharp.torch.Generator(2));
        Assert.That(Same(a.Plus(b), a + b), Is.True);
        Assert.That(Same(a.Times(1e-5), a * 1e-5), Is.True);
        Assert.That(Same(a.Over(0.7), a / 0.7), Is.True);
        Assert.That(Same(a.Over(3), a / 3), Is.True);
        Assert.That(Same(a.Plus(1e-8), a + 1e-8), Is.True);
        Assert.That(Same(a.clone().PlusInPlace(b), a.clone().add_(b)), Is.True);
        Assert.That(Same(a.Softplus(), nn.functional.softplus(a)), Is.True);
    }

    [Test]
    public void HeldSoftplus_HasTheGradientOfTorchSharpsSoftplus()
    {
        var x1 = randn(32, 8, generator: new TorchSharp.torch.Generator(3)).requires_grad_(true);
        var x2 = x1.detach().clone().requires_grad_(true);
        (x1 * x1.Softplus().tanh()).sum().backward();
        (x2 * nn.functional.softplus(x2).tanh()).sum().backward();
        Assert.That(Same(x1.grad!, x2.grad!), Is.True);
    }

    [Test]
    public void HeldBatchNorm2d_TrainsBitForBitLikeTorchSharpsBatchNorm2d()
    {
        var x = randn(8, 4, 5, 5, generator: new TorchSharp.torch.Generator(4));
        using var ours = new HeldBatchNorm2d(4);
        using var theirs = nn.BatchNorm2d(4);
        ours.train();
        theirs.train();
        for (var i = 1; i <= 3; i++) Assert.That(Same(ours.call(x * i), theirs.call(x * i)), Is.True, $"forward {i}");
        Assert.That(ours.state_dict().Keys, Is.EqualTo(theirs.state_dict().Keys), "the same state, counter included");
        foreach (var (key, tensor) in ours.state_dict()) Assert.That(Same(tensor, theirs.state_dict()[key]), Is.True, key);
        Assert.That(ours.num_batches_tracked!.item<long>(), Is.EqualTo(3));
        ours.eval();
        theirs.eval();
        Assert.That(Same(ours.call(x), theirs.call(x)), Is.True, "evaluation with the running statistics");
        Assert.That(() => ours.call(randn(2, 4)), Throws.ArgumentException);
    }
}
