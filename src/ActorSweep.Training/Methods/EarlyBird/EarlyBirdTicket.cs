using ActorSweep.Core.Methods.EarlyBird;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.Magnitude;
using static TorchSharp.torch;

namespace ActorSweep.Training.Methods.EarlyBird;

/// <summary>
/// Early-Bird's masks (GATECH-EIC/Early-Bird-Tickets <c>main.py</c>, class <c>EarlyBird</c>): the channel mask of
/// <c>pruning()</c> — every batch norm's |γ| concatenated, the threshold the element at index ⌊total·p⌋ of the sorted
/// scales, channels strictly above it kept — and, for networks without batch norm, ActorSweep's unstructured extension:
/// global magnitude pruning of the weights at ratio p (the model's output-layer rule). A mask is compared with another
/// by the fraction of positions that differ (<c>cal_dist</c>).
/// </summary>
public static class EarlyBirdTicket
{
    /// <summary>The reference's channel mask from the batch-norm scales (in model order) at ratio <paramref name="ratio"/>.</summary>
    public static float[] ChannelMask(IReadOnlyList<float> scales, double ratio)
    {
        var sorted = scales.Select(Math.Abs).Order().ToArray();
        var threshold = sorted[(int)(sorted.Length * ratio)];
        return scales.Select(g => Math.Abs(g) > threshold ? 1f : 0f).ToArray();
    }

    /// <summary>The fraction of positions at which two masks differ (<c>1 − Σ(m_i == m_j) / n</c>).</summary>
    public static double Distance(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"masks of {a.Count} and {b.Count} positions");
        var same = 0;
        for (var i = 0; i < a.Count; i++) if (a[i] == b[i]) same++;
        return 1 - same / (double)a.Count;
    }

    /// <summary>
    /// The weight mask that removes the pruned channels of a channel mask: for a pruned channel c of a group, the
    /// producing convolution's output filter c and the consuming layer's input features [c·k, (c + 1)·k).
    /// </summary>
    public static Mask WeightMask(IReadOnlyList<PrunableLayer> layers, IReadOnlyList<ChannelGroup> groups, IReadOnlyList<float> channels)
    {
        var values = layers.ToDictionary(l => l.Name, l => Enumerable.Repeat(1f, checked((int)l.Count)).ToArray(), StringComparer.Ordinal);
        var byName = layers.ToDictionary(l => l.Name);
        var offset = 0;
        foreach (var group in groups)
        {
            var producer = byName[group.Producer];
            var count = (int)producer.Shape[0];
            var perFilter = (int)(producer.Count / count);
            var consumer = byName[group.Consumer.Layer];
            var (rows, inputs) = ((int)consumer.Shape[0], (int)(consumer.Count / consumer.Shape[0]));
            var k = group.Consumer.FeaturesPerChannel;
            var perInput = inputs / (count * k);   // a convolution's kernel positions (1 for a linear layer)
            for (var c = 0; c < count; c++)
            {
                if (channels[offset + c] != 0) continue;
                Array.Fill(values[producer.Name], 0f, c * perFilter, perFilter);
                for (var r = 0; r < rows; r++) Array.Fill(values[consumer.Name], 0f, r * inputs + c * k * perInput, k * perInput);
            }
            offset += count;
        }
        if (offset != channels.Count) throw new ArgumentException($"a channel mask of {channels.Count} positions for {offset} channels");
        return new Mask(layers, values);
    }

    /// <summary>The criterion a trial uses on <paramref name="model"/>: auto resolves to bn when the model has batch norm to rank.</summary>
    public static string CriterionFor(string criterion, SparseNet model) => criterion switch
    {
        EarlyBirdOptions.Auto => model.ChannelGroups.Count > 0 ? EarlyBirdOptions.BatchNorm : EarlyBirdOptions.Magnitude,
        EarlyBirdOptions.BatchNorm when model.ChannelGroups.Count == 0 => throw new DeterministicTaskFailure(
            $"method.criterion = bn ranks batch-norm channels, and {model.GetName()} has none to rank (models with them: conv-N-bn, vgg-N); use criterion = magnitude or auto"),
        _ => criterion,
    };

    /// <summary>The mask drawn from the model's current weights: (the positions compared between checks, the weight mask of the ticket).</summary>
    public static (float[] Positions, Mask Ticket) Draw(SparseNet model, string criterion, double ratio)
    {
        var layers = model.PrunableLayers;
        var parameters = model.ParametersByName();
        if (criterion == EarlyBirdOptions.BatchNorm)
        {
            var scales = model.ChannelGroups.SelectMany(g =>
            {
                using var cpu = parameters[g.BatchNormScale].detach().cpu();
                return cpu.data<float>().ToArray();
            }).ToArray();
            var channels = ChannelMask(scales, ratio);
            return (channels, WeightMask(layers, model.ChannelGroups, channels));
        }
        var weights = layers.ToDictionary(l => l.Name, l =>
        {
            using var cpu = parameters[l.Name].detach().cpu().contiguous();
            return cpu.data<float>().ToArray();
        });
        var ticket = MagnitudePruner.OneShot(Mask.Ones(layers), weights, ratio, global: true, model.ExcludesOutputFromGlobalPruning);
        return (layers.SelectMany(l => ticket[l.Name]).ToArray(), ticket);
    }
}

/// <summary>
/// The reference's queue of recent masks (<c>put</c>, <c>cal_dist</c>, <c>early_bird_emerge</c>): the last
/// <c>keep</c> masks; once full, the ticket emerges when the newest is within ε of every older one (distance ≤ ε;
/// the reference refuses on distance &gt; ε).
/// </summary>
public sealed class EarlyBirdQueue
{
    private readonly int _keep;
    private readonly double _epsilon;
    private readonly Queue<float[]> _masks = new();

    /// <summary>A queue of <paramref name="keep"/> masks with threshold <paramref name="epsilon"/>.</summary>
    public EarlyBirdQueue(int keep, double epsilon)
    {
        _keep = keep;
        _epsilon = epsilon;
    }

    /// <summary>The newest mask's distances to the older ones after the last <see cref="Put"/> (empty until the queue is full).</summary>
    public IReadOnlyList<double> Distances { get; private set; } = Array.Empty<double>();

    /// <summary>Adds a mask; true when the ticket emerges.</summary>
    public bool Put(float[] mask)
    {
        _masks.Enqueue(mask);
        if (_masks.Count > _keep) _masks.Dequeue();
        if (_masks.Count < _keep) return false;
        var all = _masks.ToArray();
        Distances = all[..^1].Select(m => EarlyBirdTicket.Distance(all[^1], m)).ToArray();
        return Distances.All(d => d <= _epsilon);
    }
}
