using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Soup;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Methods.Soup;
using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Methods.Soup;

/// <summary>A soup of batch-norm networks recomputes the running statistics of the averaged network (<c>method.update-bn</c>).</summary>
[NonParallelizable]
public class SoupBatchNormTests
{
    private static float[] Buffer(SparseNet model, string name) => model.named_buffers().Single(b => b.name == name).buffer.data<float>().ToArray();

    /// <summary>A conv-2-bn network with its own weights and running statistics (one training-mode pass over its own data).</summary>
    private static ConvNet Trained(int seed)
    {
        var net = new ConvNet("conv-2-bn", 2, 1, 4, 4, 3, batchNorm: true);
        using (var g = new Generator((ulong)seed)) net.Initialize(g);
        net.train();
        using (no_grad())
        using (var x = randn(16, 1, 4, 4, generator: new Generator((ulong)seed + 100)).mul(seed))
            net.forward(x).Dispose();
        return net;
    }

    [Test]
    public void Blend_AveragesTheWeights_AndRecomputesTheRunningMeanOfTheAveragedNetwork()
    {
        using var a = Trained(1);
        using var b = Trained(2);
        var states = new IReadOnlyDictionary<string, StoredTensor>[] { ArtifactStore.StateOf(a), ArtifactStore.StateOf(b) };
        using var x = randn(40, 1, 4, 4, generator: new Generator(7));
        using var soup = new ConvNet("conv-2-bn", 2, 1, 4, 4, 3, batchNorm: true);

        SoupTrainer.Blend(soup, states, null, 10, "test");
        var (meanA, meanB) = (Buffer(a, "bns.0.running_mean"), Buffer(b, "bns.0.running_mean"));
        Assert.That(meanA, Is.Not.EqualTo(meanB));
        Assert.That(Buffer(soup, "bns.0.running_mean"), Is.EqualTo(meanA.Zip(meanB, (p, q) => (float)(((double)p + q) / 2)).ToArray()),
            "update-bn = false: the averaged statistics, as release 3");

        SoupTrainer.Blend(soup, states, x, 10, "test");
        var pa = a.ParametersByName();
        var pb = b.ParametersByName();
        using var weight = pa["convs.0.weight"].add(pb["convs.0.weight"]).div(2);
        using var bias = pa["convs.0.bias"].add(pb["convs.0.bias"]).div(2);
        using var conv = nn.functional.conv2d(x, weight, bias, padding: new long[] { 1, 1 });
        using var expected = conv.mean(new long[] { 0, 2, 3 });
        var running = Buffer(soup, "bns.0.running_mean");
        var wanted = expected.data<float>().ToArray();
        for (var c = 0; c < wanted.Length; c++)
            Assert.That(running[c], Is.EqualTo(wanted[c]).Within(1e-5), $"channel {c}: the data mean of the averaged network's first convolution");
        var averaged = meanA.Zip(meanB, (p, q) => (p + q) / 2).ToArray();
        Assert.That(running.Zip(averaged, (r, m) => Math.Abs(r - m)).Max(), Is.GreaterThan(1e-3), "and not the average of the ingredients' statistics");
    }

    [Test]
    public void UpdateBatchNorm_IsTheDefaultFromRelease4_StudiesBeforeKeptTheAveragedStatistics()
    {
        Assert.That(new SoupMethod().Bind(Hparams.From(new[] { new KeyValuePair<string, object>(SoupKeys.FinetuneLrs, new object[] { 0.01 }) })).UpdateBatchNorm, Is.True);
        Assert.That(new SoupMethod().Bind(Hparams.From(new[] { new KeyValuePair<string, object>(SoupKeys.FinetuneLrs, new object[] { 0.01 }) }), DefaultsVersion.Release3).UpdateBatchNorm, Is.False);
    }

    [Test]
    public void UniformSoupOfABatchNormNetwork_WithUpdateBn_HasItsOwnStatistics_WithoutIt_TheIngredientsAverage()
    {
        const string Methods = "{ name = dense }\n{ name = soup, source-method = dense, finetune-lrs = [0.05, 0.01], soups = [uniform-soup], training { iterations = 20 }";
        foreach (var update in new[] { true, false })
        {
            var (g, layout, results) = Tests.Support.RunnerStudy.Run($"{Methods}, update-bn = {(update ? "true" : "false")} }}", ", iterations = 40", model: "conv-2-bn");
            float[] Mean(string task) => (float[])TensorFile.Load(layout.Artifact(task, ArtifactNames.Final)).Single(e => e.Name == "bns.1.running_var").Data;
            var ingredients = g.Tasks.Where(t => t.Branch == SoupBranches.Ingredient).Select(t => Mean(t.TaskId)).ToList();
            var averaged = Enumerable.Range(0, ingredients[0].Length).Select(k => (float)(ingredients.Sum(i => (double)i[k]) / ingredients.Count)).ToArray();
            var soup = g.Tasks.Single(t => t.Branch == SoupBranches.Uniform);
            var distance = Mean(soup.TaskId).Zip(averaged, (s, m) => Math.Abs(s - m)).Max();
            if (update) Assert.That(distance, Is.GreaterThan(1e-4), "recomputed for the averaged network");
            else Assert.That(distance, Is.EqualTo(0), "the averaged statistics");
            Assert.That(results[soup.TaskId].TestAccuracyFinal, Is.EqualTo(results[soup.TaskId].Combination!.TestAccuracy));
        }
    }
}
