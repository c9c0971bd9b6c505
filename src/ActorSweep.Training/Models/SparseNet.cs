using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Models;

/// <summary>
/// A network the pruning code understands: it lists its prunable weights (never biases or batch-norm)
/// with their layer kind, knows its paper's default per-kind pruning rates, and initialises itself
/// from an explicit generator so that concurrent trainer slots in one process stay deterministic.
/// </summary>
public abstract class SparseNet : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module.</summary>
    protected SparseNet(string name) : base(name) { }

    /// <summary>The prunable weights, in forward order.</summary>
    public abstract IReadOnlyList<PrunableLayer> PrunableLayers { get; }

    /// <summary>
    /// The channels that batch norm scales (Early-Bird's channel pruning): each batch norm, the convolution whose output
    /// channels it normalises, and the layer that reads them. Empty for networks without batch norm (LeNet, Conv-N) and
    /// for residual networks, whose shortcuts tie channels across blocks.
    /// </summary>
    public virtual IReadOnlyList<ChannelGroup> ChannelGroups => Array.Empty<ChannelGroup>();

    /// <summary>The paper's layerwise rate for a kind (LeNet: fc 0.2, output 0.1).</summary>
    public abstract double DefaultRate(LayerKind kind);

    /// <summary>
    /// Whether global magnitude pruning leaves the output layer out when the study does not say
    /// (<c>method.exclude-output</c> unset). open_lth: LeNet and VGG ignore <c>fc.weight</c>, ResNet prunes it.
    /// </summary>
    public abstract bool ExcludesOutputFromGlobalPruning { get; }

    /// <summary>
    /// Whether dynamic sparse training makes the first layer sparse when the study does not say
    /// (<c>method.prune-first-layer</c> unset). rigl: its CIFAR nets keep the first convolution dense, its MNIST MLP does not.
    /// </summary>
    public abstract bool PrunesFirstLayerInSparseTraining { get; }

    /// <summary>The hidden layers' activation (<c>training.activation</c>; ReLU unless set).</summary>
    public string Activation { get; private set; } = Core.Study.Activations.Relu;

    /// <summary>The activation as a function, for the forward pass.</summary>
    protected Func<Tensor, Tensor> Activate { get; private set; } = ActivationFunctions.Of(Core.Study.Activations.Relu);

    /// <summary>Uses the activation named <paramref name="name"/> in every hidden layer.</summary>
    public virtual SparseNet WithActivation(string name)
    {
        Activate = ActivationFunctions.Of(name);
        Activation = name;
        return this;
    }

    /// <summary>Re-initialises every parameter from <paramref name="generator"/> with the model's own (its paper's) initialiser.</summary>
    public abstract void Initialize(Generator generator);

    /// <summary>Re-initialises every parameter from <paramref name="generator"/> with the initialiser named by <c>training.init</c> (<see cref="Core.Study.Initializers"/>).</summary>
    public void Initialize(Generator generator, string initializer)
    {
        switch (initializer)
        {
            case Core.Study.Initializers.Model: Initialize(generator); break;
            case Core.Study.Initializers.Pytorch: TorchDefaultInit.Apply(this, generator); break;
            default: throw new ArgumentException($"unknown initialiser '{initializer}'; known: {string.Join(", ", Core.Study.Initializers.Names)}", nameof(initializer));
        }
    }

    /// <summary>Parameters by name (live tensors).</summary>
    public Dictionary<string, TorchSharp.Modules.Parameter> ParametersByName() =>
        named_parameters().ToDictionary(p => p.name, p => p.parameter);

    /// <summary>Total parameter count, biases included.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
