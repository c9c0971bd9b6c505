namespace ActorSweep.Core.Study;

/// <summary>What validation needs to know of a model without building it in Core: batch-norm channels, convolution layers.</summary>
/// <param name="BatchNorm">The model has batch-norm layers (channels a criterion such as Early-Bird's can rank).</param>
/// <param name="ConvLayers">The model has prunable convolution layers (which a weight-matrix basis cannot take).</param>
public sealed record ModelFacts(bool BatchNorm, bool ConvLayers = false);
