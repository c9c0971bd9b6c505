using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Models;

/// <summary>
/// LeNet-style fully connected network (LeNet-300-100 in the LTH paper): flatten, hidden layers with
/// ReLU, a linear output layer. Glorot (Xavier) normal initialisation, as in Frankle &amp; Carbin.
/// </summary>
public sealed class LeNet : SparseNet
{
    // The field name is the parameter-name prefix (layers.0.weight …): part of the artifact format.
    private readonly ModuleList<Linear> layers = new();
    private readonly List<PrunableLayer> _prunable = new();

    /// <summary>Creates the net for <paramref name="inputs"/> features, the given hidden widths and <paramref name="classes"/> outputs.</summary>
    public LeNet(string name, int inputs, IReadOnlyList<int> hidden, int classes) : base(name)
    {
        var widths = new[] { inputs }.Concat(hidden).Append(classes).ToArray();
        for (var i = 0; i + 1 < widths.Length; i++)
        {
            layers.Add(nn.Linear(widths[i], widths[i + 1]));
            var kind = i + 2 == widths.Length ? LayerKind.Output : LayerKind.Fc;
            _prunable.Add(new PrunableLayer($"layers.{i}.weight", kind, new long[] { widths[i + 1], widths[i] }));
        }
        RegisterComponents();
    }

    /// <inheritdoc />
    public override IReadOnlyList<PrunableLayer> PrunableLayers => _prunable;

    /// <inheritdoc />
    public override bool ExcludesOutputFromGlobalPruning => true;   // open_lth mnist_lenet leaves fc.weight out

    /// <inheritdoc />
    public override bool PrunesFirstLayerInSparseTraining => true;   // rigl prunes every layer of its MNIST MLP

    /// <inheritdoc />
    public override double DefaultRate(LayerKind kind) => kind switch
    {
        LayerKind.Fc => 0.2,
        LayerKind.Output => 0.1,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"LeNet has no {kind} layers"),
    };

    /// <inheritdoc />
    public override void Initialize(Generator generator)
    {
        using var _ = no_grad();
        foreach (var layer in layers)
        {
            var (fanIn, fanOut) = (layer.weight!.shape[1], layer.weight.shape[0]);
            var std = Math.Sqrt(2.0 / (fanIn + fanOut));
            using var w = HeldScalars.With(std, s => randn(layer.weight.shape, generator: generator).mul_(s));
            layer.weight.copy_(w);
            layer.bias!.zero_();
        }
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = input.flatten(1);
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            if (i + 1 < layers.Count) x = Activate(x);
        }
        return x;
    }
}
