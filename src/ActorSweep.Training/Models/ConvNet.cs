using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Models;

/// <summary>
/// Conv-2, Conv-4 and Conv-6 of Frankle &amp; Carbin (2019, Figure 2): 3×3 convolutions with "same"
/// padding and ReLU in pairs of 64, 128, 256 filters, each pair followed by 2×2 max-pooling, then fully
/// connected 256, 256 and the output layer. Glorot normal initialisation, zero biases. Layerwise
/// rates from the paper: conv 10 % (Conv-2, Conv-4) or 15 % (Conv-6), fc 20 %, output 10 %.
/// On CIFAR-10: Conv-2 4,301,642 and Conv-4 2,425,930 parameters (the paper's 4.3 M, 2.4 M); Conv-6
/// 2,262,602 — the architecture the paper describes, although its table prints 1.7 M for Conv-6.
/// </summary>
public sealed class ConvNet : SparseNet
{
    // Field names are parameter-name prefixes (convs.0.weight, fcs.2.weight): part of the artifact format.
    // Convolutions run through call(), not forward(), so forward hooks (FLOP counting) see them.
    private readonly ModuleList<Conv2d> convs = new();
    private readonly ModuleList<Linear> fcs = new();
    private readonly ModuleList<HeldBatchNorm2d> bns = new();
    private readonly List<ChannelGroup> _channelGroups = new();
    private readonly List<PrunableLayer> _prunable = new();
    private readonly double _convRate;

    /// <summary>
    /// Conv-<paramref name="depth"/> (2, 4 or 6) for <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/> inputs;
    /// with <paramref name="batchNorm"/> (<c>conv-N-bn</c>) each convolution is followed by batch norm (PyTorch's default
    /// γ = 1, β = 0), so its channels can be pruned by their batch-norm scales (Early-Bird).
    /// </summary>
    /// <remarks><paramref name="baseWidth"/> (<c>conv-N-bn-16</c>) scales every convolution's filters from the paper's 64 (64, 64, 128, …).</remarks>
    public ConvNet(string name, int depth, int channels, int height, int width, int classes, bool batchNorm = false, int baseWidth = 64) : base(name)
    {
        if (depth is not (2 or 4 or 6)) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Conv-2, Conv-4 or Conv-6");
        _convRate = depth == 6 ? 0.15 : 0.1;
        var filters = new[] { 64, 64, 128, 128, 256, 256 }.Take(depth).Select(f => f * baseWidth / 64).ToArray();
        var inC = channels;
        for (var i = 0; i < filters.Length; i++)
        {
            convs.Add(nn.Conv2d(inC, filters[i], 3, padding: 1));
            if (batchNorm) bns.Add(new HeldBatchNorm2d(filters[i]));
            _prunable.Add(new PrunableLayer($"convs.{i}.weight", LayerKind.Conv, new long[] { filters[i], inC, 3, 3 }));
            inC = filters[i];
        }
        var pools = depth / 2;
        var flat = inC * (height >> pools) * (width >> pools);
        if (batchNorm)
            for (var i = 0; i < filters.Length; i++)
                _channelGroups.Add(new ChannelGroup($"bns.{i}.weight", $"convs.{i}.weight",
                    i + 1 < filters.Length ? new ChannelConsumer($"convs.{i + 1}.weight", 1) : new ChannelConsumer("fcs.0.weight", (height >> pools) * (width >> pools))));
        if (height >> pools == 0 || width >> pools == 0) throw new ArgumentException($"{name}: {height}×{width} inputs are too small for {pools} poolings");
        var widths = new[] { flat, 256, 256, classes };
        for (var i = 0; i + 1 < widths.Length; i++)
        {
            fcs.Add(nn.Linear(widths[i], widths[i + 1]));
            _prunable.Add(new PrunableLayer($"fcs.{i}.weight", i + 2 == widths.Length ? LayerKind.Output : LayerKind.Fc, new long[] { widths[i + 1], widths[i] }));
        }
        RegisterComponents();
    }

    /// <inheritdoc />
    public override IReadOnlyList<PrunableLayer> PrunableLayers => _prunable;

    /// <inheritdoc />
    public override IReadOnlyList<ChannelGroup> ChannelGroups => _channelGroups;

    /// <inheritdoc />
    public override bool ExcludesOutputFromGlobalPruning => true;   // not in open_lth; as its LeNet sibling

    /// <inheritdoc />
    public override bool PrunesFirstLayerInSparseTraining => false;   // a conv net: rigl keeps the first convolution dense

    /// <inheritdoc />
    public override double DefaultRate(LayerKind kind) => kind switch
    {
        LayerKind.Conv => _convRate,
        LayerKind.Fc => 0.2,
        _ => 0.1,
    };

    /// <inheritdoc />
    public override void Initialize(Generator generator)
    {
        using var _ = no_grad();
        foreach (var c in convs) Glorot(c.weight!, c.bias!, generator);
        foreach (var f in fcs) Glorot(f.weight!, f.bias!, generator);
        foreach (var b in bns)
        {
            HeldScalars.With(1.0, one => b.weight!.fill_(one));
            b.bias!.zero_();
        }
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < convs.Count; i++)
        {
            x = convs[i].call(x);
            x = Activate(bns.Count > 0 ? bns[i].forward(x) : x);
            if (i % 2 == 1) x = nn.functional.max_pool2d(x, 2);
        }
        x = x.flatten(1);
        for (var i = 0; i < fcs.Count; i++)
        {
            x = fcs[i].forward(x);
            if (i + 1 < fcs.Count) x = Activate(x);
        }
        return x;
    }

    internal static void Glorot(Tensor weight, Tensor? bias, Generator generator)
    {
        var receptive = weight.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        var std = Math.Sqrt(2.0 / ((weight.shape[1] + weight.shape[0]) * receptive));
        using var w = HeldScalars.With(std, s => randn(weight.shape, generator: generator).mul_(s));
        weight.copy_(w);
        bias?.zero_();
    }
}
