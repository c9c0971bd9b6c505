namespace ActorSweep.Training.Data;

/// <summary>
/// Train / validation / test splits of one dataset. Validation is held out of the official training
/// set with a fixed seed (LTH paper: 5,000 MNIST training images), so every trial sees the same split.
/// </summary>
public sealed record DataSplits(string Name, ImageDataset Train, ImageDataset Validation, ImageDataset Test)
{
    /// <summary>Training batches get the CIFAR augmentation (<see cref="BatchAugmentation"/>): random crop with padding, horizontal flip.</summary>
    public bool Augment { get; init; }

    /// <summary>The dataset's normalisation (applied by <c>DeviceData</c> when the trial normalises its inputs).</summary>
    public Normalization Normalization { get; init; } = Normalization.Identity(Train.Channels);
}
