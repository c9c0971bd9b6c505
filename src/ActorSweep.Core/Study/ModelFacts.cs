namespace ActorSweep.Core.Study;

/// <summary>What validation needs to know of a model without building it in Core: whether it has batch-norm channels.</summary>
/// <param name="BatchNorm">The model has batch-norm layers (channels a criterion such as Early-Bird's can rank).</param>
public sealed record ModelFacts(bool BatchNorm);
