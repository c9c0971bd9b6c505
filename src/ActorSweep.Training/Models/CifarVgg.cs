using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorSweep.Training.Models;

/// <summary>
/// The CIFAR VGG of open_lth's cifar_vgg: 3×3 convolutions (with bias) + batch norm + ReLU, 2×2 max
/// pooling between stages, a final 2×2 average pool and one linear output layer from 512 features.
/// VGG-16: 64, 64, M, 128, 128, M, 256×3, M, 512×3, M, 512×3; VGG-19: 64, 64, M, 128, 128, M, 256×4,
/// M, 512×4, M, 512×4 (VGG-11 and VGG-13 as open_lth's plans too). Batch norm is not pruned.
/// Initialisation as open_lth (see <see cref="CifarResNet"/>). open_lth's VGG default prunes globally
/// and ignores <c>fc.weight</c>; the layerwise default here likewise leaves the output layer alone (rate 0).
/// </summary>
public sealed class CifarVgg : SparseNet
{
    // Field names are parameter-name prefixes (convs.0.weight, bns.0.weight, fc.weight).
    private readonly ModuleList<Conv2d> convs = new();
    private readonly ModuleList<HeldBatchNorm2d> bns = new();
    private readonly Linear fc;
    private readonly List<PrunableLayer> _prunable = new();
    private readonly List<bool> _poolAfter = new();
    private readonly List<ChannelGroup> _channelGroups = new();

    /// <summary>VGG-16 or VGG-19 for <paramref name="channels"/>-channel inputs.</summary>
    public CifarVgg(string name, int depth, int channels, int classes) : base(name)
    {
        int[] stages = depth switch
        {
            11 => new[] { 1, 1, 2, 2, 2 },
            13 => new[] { 2, 2, 2, 2, 2 },
            16 => new[] { 2, 2, 3, 3, 3 },
            19 => new[] { 2, 2, 4, 4, 4 },
            _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "VGG-11, 13, 16 or 19"),
        };
        var filters = new[] { 64, 128, 256, 512, 512 };
        var inC = channels;
        for (var s = 0; s < stages.Length; s++)
        {
            for (var i = 0; i < stages[s]; i++)
            {
                var index = convs.Count;
                convs.Add(nn.Conv2d(inC, filters[s], 3, padding: 1));
                bns.Add(new HeldBatchNorm2d(filters[s]));
                _prunable.Add(new PrunableLayer($"convs.{index}.weight", LayerKind.Conv, new long[] { filters[s], inC, 3, 3 }));
                _poolAfter.Add(i == stages[s] - 1 && s < stages.Length - 1);
                inC = filters[s];
            }
        }
        fc = nn.Linear(512, classes);
        _prunable.Add(new PrunableLayer("fc.weight", LayerKind.Output, new long[] { classes, 512 }));
        for (var i = 0; i < convs.Count; i++)
            _channelGroups.Add(new ChannelGroup($"bns.{i}.weight", $"convs.{i}.weight", new ChannelConsumer(i + 1 < convs.Count ? $"convs.{i + 1}.weight" : "fc.weight", 1)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override IReadOnlyList<PrunableLayer> PrunableLayers => _prunable;

    /// <inheritdoc />
    public override IReadOnlyList<ChannelGroup> ChannelGroups => _channelGroups;

    /// <inheritdoc />
    public override bool ExcludesOutputFromGlobalPruning => true;   // open_lth cifar_vgg leaves fc.weight out

    /// <inheritdoc />
    public override bool PrunesFirstLayerInSparseTraining => false;   // rigl keeps the first convolution dense

    /// <inheritdoc />
    public override double DefaultRate(LayerKind kind) => kind == LayerKind.Output ? 0.0 : 0.2;

    /// <inheritdoc />
    public override void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < convs.Count; i++)
        {
            x = Activate(bns[i].forward(convs[i].call(x)));
            if (_poolAfter[i]) x = nn.functional.max_pool2d(x, 2);
        }
        x = nn.functional.avg_pool2d(x, 2).flatten(1);
        return fc.forward(x);
    }
}
