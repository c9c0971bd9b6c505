using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Models;

/// <summary>
/// The CIFAR ResNet of He et al. (2016) as facebookresearch/open_lth's cifar_resnet: a 3×3 stem of 16
/// filters, three segments of (depth − 2)/6 basic blocks with 16, 32, 64 filters (the first block of
/// segments 2 and 3 strides by 2 and its shortcut is a 1×1 convolution with batch norm), global average
/// pooling and a linear output layer. Convolutions have no bias. Batch norm is never pruned: the
/// prunable weights are every convolution and the output layer. Initialisation as open_lth: Kaiming
/// normal (fan-in) weights, batch-norm weights uniform in [0, 1), zero biases. open_lth prunes these
/// networks globally (sparse_global, 20 % per round, output layer excluded); the layerwise defaults
/// here (20 % everywhere) only apply when a study asks for layerwise pruning.
/// </summary>
public sealed class CifarResNet : SparseNet
{
    // Field names are parameter-name prefixes (conv.weight, blocks.3.conv1.weight, fc.weight).
    private readonly Conv2d conv;
    private readonly HeldBatchNorm2d bn;
    private readonly ModuleList<Block> blocks = new();
    private readonly Linear fc;
    private readonly List<PrunableLayer> _prunable = new();

    /// <summary>ResNet-<paramref name="depth"/> (6n + 2: 20, 32, 44, 56, 110) for <paramref name="channels"/>-channel inputs.</summary>
    public CifarResNet(string name, int depth, int channels, int classes) : base(name)
    {
        if (depth < 8 || (depth - 2) % 6 != 0) throw new ArgumentOutOfRangeException(nameof(depth), depth, "a CIFAR ResNet has depth 6n + 2 (20, 32, 44, 56, 110)");
        var perSegment = (depth - 2) / 6;
        conv = nn.Conv2d(channels, 16, 3, padding: 1, bias: false);
        bn = new HeldBatchNorm2d(16);
        _prunable.Add(new PrunableLayer("conv.weight", LayerKind.Conv, new long[] { 16, channels, 3, 3 }));
        var inF = 16;
        var index = 0;
        foreach (var (filters, segment) in new[] { (16, 0), (32, 1), (64, 2) })
        {
            for (var b = 0; b < perSegment; b++)
            {
                var downsample = segment > 0 && b == 0;
                var block = new Block($"block{index}", inF, filters, downsample);
                blocks.Add(block);
                _prunable.Add(new PrunableLayer($"blocks.{index}.conv1.weight", LayerKind.Conv, new long[] { filters, inF, 3, 3 }));
                _prunable.Add(new PrunableLayer($"blocks.{index}.conv2.weight", LayerKind.Conv, new long[] { filters, filters, 3, 3 }));
                if (block.HasProjection) _prunable.Add(new PrunableLayer($"blocks.{index}.shortcut_conv.weight", LayerKind.Conv, new long[] { filters, inF, 1, 1 }));
                inF = filters;
                index++;
            }
        }
        fc = nn.Linear(64, classes);
        _prunable.Add(new PrunableLayer("fc.weight", LayerKind.Output, new long[] { classes, 64 }));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override IReadOnlyList<PrunableLayer> PrunableLayers => _prunable;

    /// <inheritdoc />
    public override bool ExcludesOutputFromGlobalPruning => false;   // open_lth cifar_resnet prunes fc.weight globally

    /// <inheritdoc />
    public override bool PrunesFirstLayerInSparseTraining => false;   // rigl keeps the first convolution dense

    /// <inheritdoc />
    public override SparseNet WithActivation(string name)
    {
        foreach (var b in blocks) b.Activate = ActivationFunctions.Of(name);
        return base.WithActivation(name);
    }

    /// <inheritdoc />
    public override double DefaultRate(LayerKind kind) => 0.2;

    /// <inheritdoc />
    public override void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = Activate(bn.forward(conv.call(input)));
        foreach (var b in blocks) x = b.forward(x);
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.forward(x);
    }

    /// <summary>A basic block: conv-bn-relu-conv-bn plus shortcut, then relu.</summary>
    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly HeldBatchNorm2d bn1;
        private readonly Conv2d conv2;
        private readonly HeldBatchNorm2d bn2;
        private readonly Conv2d? shortcut_conv;
        private readonly HeldBatchNorm2d? shortcut_bn;

        public Block(string name, int inF, int outF, bool downsample) : base(name)
        {
            conv1 = nn.Conv2d(inF, outF, 3, stride: downsample ? 2 : 1, padding: 1, bias: false);
            bn1 = new HeldBatchNorm2d(outF);
            conv2 = nn.Conv2d(outF, outF, 3, padding: 1, bias: false);
            bn2 = new HeldBatchNorm2d(outF);
            if (downsample || inF != outF)
            {
                shortcut_conv = nn.Conv2d(inF, outF, 1, stride: 2, bias: false);
                shortcut_bn = new HeldBatchNorm2d(outF);
            }
            RegisterComponents();
        }

        public bool HasProjection => shortcut_conv is not null;

        public Func<Tensor, Tensor> Activate { get; set; } = ActivationFunctions.Of(Core.Study.Activations.Relu);

        public override Tensor forward(Tensor x)
        {
            var o = Activate(bn1.forward(conv1.call(x)));
            o = bn2.forward(conv2.call(o));
            var s = shortcut_conv is null ? x : shortcut_bn!.forward(shortcut_conv.call(x));
            return Activate(o.Plus(s));
        }
    }
}

/// <summary>
/// open_lth's kaiming_normal initialiser: conv and linear weights N(0, 2/fan_in); their biases keep
/// PyTorch's default U(−1/√fan_in, 1/√fan_in) (open_lth does not touch them); batch-norm weights
/// U[0, 1), batch-norm biases zero. Every draw comes from the given generator.
/// </summary>
internal static class KaimingInit
{
    public static void Apply(nn.Module module, Generator generator)
    {
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Conv2d c: Kaiming(c.weight!, generator); DefaultBias(c.weight!, c.bias, generator); break;
                case Linear l: Kaiming(l.weight!, generator); DefaultBias(l.weight!, l.bias, generator); break;
                case BatchNorm b:
                    using (var r = rand(b.weight!.shape, generator: generator)) b.weight.copy_(r);
                    b.bias!.zero_();
                    break;
            }
        }
    }

    private static void DefaultBias(Tensor weight, Tensor? bias, Generator generator)
    {
        if (bias is null) return;
        var bound = 1 / Math.Sqrt(weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b));
        using var u = HeldScalars.With(bound, b => HeldScalars.With(2 * bound, width => rand(bias.shape, generator: generator).mul_(width).sub_(b)));
        bias.copy_(u);
    }

    private static void Kaiming(Tensor weight, Generator generator)
    {
        var fanIn = weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        using var w = HeldScalars.With(Math.Sqrt(2.0 / fanIn), std => randn(weight.shape, generator: generator).mul_(std));
        weight.copy_(w);
    }
}
