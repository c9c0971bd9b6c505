using ActorSweep.Core.Study;

namespace ActorSweep.Training.Data;

/// <summary>What is known of a dataset without loading it: its facts for validation and its normalisation.</summary>
/// <param name="Facts">Shape, classes, training images.</param>
/// <param name="Normalization">The per-channel normalisation applied when <c>training.normalize-inputs</c> is on.</param>
public sealed record DatasetInfo(DatasetFacts Facts, Normalization Normalization);
