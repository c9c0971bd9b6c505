namespace ActorSweep.Training.Models;

/// <summary>What kind of layer a prunable weight belongs to; layerwise pruning rates are per kind.</summary>
public enum LayerKind
{
    /// <summary>A hidden fully connected layer.</summary>
    Fc,

    /// <summary>A convolution.</summary>
    Conv,

    /// <summary>The output (classifier) layer.</summary>
    Output,
}
