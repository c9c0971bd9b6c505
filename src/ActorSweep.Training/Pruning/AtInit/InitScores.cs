using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Pruning.AtInit;

/// <summary>
/// Saliency scores for pruning at initialisation, per prunable weight, as ganguli-lab/Synaptic-Flow
/// computes them (model in eval mode, current mask applied):
/// <list type="bullet">
/// <item>SNIP (Lee et al. 2019): |∂L/∂θ ⊙ θ| on a class-balanced batch.</item>
/// <item>GraSP (Wang et al. 2020): Hg ⊙ θ with logits divided by T (200): g from a first pass without
/// a graph, Hg by differentiating g·∇L; high scores are kept (the paper removes the highest −θ ⊙ Hg).</item>
/// <item>SynFlow (Tanaka et al. 2020): every parameter and buffer replaced by its absolute value, an
/// all-ones input, R = Σ output, score |∂R/∂θ ⊙ θ|; data-free. The signs are restored afterwards.</item>
/// </list>
/// </summary>
public static class InitScores
{
    /// <summary>SNIP scores on <paramref name="x"/>, <paramref name="y"/>.</summary>
    public static Dictionary<string, float[]> Snip(SparseNet model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var wasTraining = model.training;
        model.eval();
        model.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(x), y);
        loss.backward();
        var result = Collect(model, (p, g) => (g * p).abs());
        model.zero_grad();
        if (wasTraining) model.train();
        return result;
    }

    /// <summary>GraSP scores on <paramref name="x"/>, <paramref name="y"/> (two halves, as the reference code splits its batch).</summary>
    public static Dictionary<string, float[]> Grasp(SparseNet model, Tensor x, Tensor y, double temperature)
    {
        using var scope = NewDisposeScope();
        var wasTraining = model.training;
        model.eval();
        model.zero_grad();
        var parameters = model.PrunableLayers.Select(l => model.ParametersByName()[l.Name]).Cast<Tensor>().ToList();
        var n = x.shape[0];
        var halves = new[] { (0L, n / 2), (n / 2, n - n / 2) }.Where(h => h.Item2 > 0).ToList();

        Tensor? stopped = null;
        foreach (var (start, len) in halves)
        {
            var loss = nn.functional.cross_entropy(model.forward(x.narrow(0, start, len)).Over(temperature), y.narrow(0, start, len));
            var grads = autograd.grad(new[] { loss }, parameters, create_graph: false);
            var flat = cat(grads.Select(g => g.reshape(-1)).ToList()).detach();
            stopped = stopped is null ? flat : stopped.Plus(flat);
        }
        foreach (var (start, len) in halves)
        {
            var loss = nn.functional.cross_entropy(model.forward(x.narrow(0, start, len)).Over(temperature), y.narrow(0, start, len));
            var grads = autograd.grad(new[] { loss }, parameters, retain_graph: true, create_graph: true);
            var flat = cat(grads.Select(g => g.reshape(-1)).ToList());
            (stopped! * flat).sum().backward();
        }
        var result = Collect(model, (p, g) => g * p);
        model.zero_grad();
        if (wasTraining) model.train();
        return result;
    }

    /// <summary>
    /// SynFlow scores of <paramref name="model"/> (whose weights are already multiplied by the current
    /// mask) for inputs of <paramref name="inputShape"/> (C, H, W).
    /// </summary>
    public static Dictionary<string, float[]> SynFlow(SparseNet model, long[] inputShape)
    {
        using var scope = NewDisposeScope();
        var wasTraining = model.training;
        model.eval();
        model.zero_grad();
        var signs = new List<(Tensor Target, Tensor Sign)>();
        using (no_grad())
        {
            foreach (var (_, t) in model.state_dict())
            {
                if (!t.is_floating_point()) continue;
                signs.Add((t, t.sign()));
                t.abs_();
            }
        }
        var device = model.parameters().First().device;
        using var input = ones(new[] { 1L }.Concat(inputShape).ToArray(), device: device);
        model.forward(input).sum().backward();
        var result = Collect(model, (p, g) => (g * p).abs());
        using (no_grad())
        {
            foreach (var (t, sign) in signs) t.mul_(sign);
        }
        model.zero_grad();
        if (wasTraining) model.train();
        return result;
    }

    /// <summary>
    /// <c>samplesPerClass</c> examples of each class from the training split, picked by a seeded
    /// permutation, as one batch on the data's device (GraSP_fetch_data's balanced batch).
    /// </summary>
    public static (Tensor X, Tensor Y) BalancedBatch(DeviceData data, int samplesPerClass, ulong seed)
    {
        var train = data.Splits.Train;
        var picked = new List<long>();
        var counts = new int[train.Classes];
        foreach (var i in new SplitMix64(seed).Permutation(train.Count))
        {
            var c = train.Labels[i];
            if (counts[c] >= samplesPerClass) continue;
            counts[c]++;
            picked.Add(i);
            if (picked.Count == samplesPerClass * train.Classes) break;
        }
        picked.Sort();
        using var idx = tensor(picked.ToArray(), device: data.TrainX.device);
        var x = data.TrainX.index_select(0, idx);
        var y = data.TrainY.index_select(0, idx);
        x.DetachFromDisposeScope();
        y.DetachFromDisposeScope();
        return (x, y);
    }

    private static Dictionary<string, float[]> Collect(SparseNet model, Func<Tensor, Tensor, Tensor> score)
    {
        var parameters = model.ParametersByName();
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var l in model.PrunableLayers)
        {
            var p = parameters[l.Name];
            var g = p.grad ?? throw new InvalidOperationException($"no gradient for {l.Name}");
            using var s = score(p.detach(), g.detach()).to(float32).cpu().contiguous();
            result[l.Name] = s.data<float>().ToArray();
        }
        return result;
    }
}
