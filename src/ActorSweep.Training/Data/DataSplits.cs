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

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DataSplits, System.Collections.Concurrent.ConcurrentDictionary<(int, int), DataSplits>> Parts = new();

    /// <summary>
    /// The examples of classes [<paramref name="first"/>, <paramref name="end"/>) in every split, labels shifted so that
    /// <paramref name="first"/> becomes 0 (a (end − first)-way task: COLT's data partitions). Cached per splits and range,
    /// so the part's device tensors are shared like the whole dataset's.
    /// </summary>
    public DataSplits ClassRange(int first, int end)
    {
        if (first < 0 || end > Train.Classes || first >= end) throw new ArgumentOutOfRangeException(nameof(first), $"classes [{first}, {end}) of {Name}, which has {Train.Classes}");
        return Parts.GetOrCreateValue(this).GetOrAdd((first, end), _ => this with
        {
            Name = $"{Name}[classes {first}-{end - 1}]",
            Train = Part(Train, first, end),
            Validation = Part(Validation, first, end),
            Test = Part(Test, first, end),
        });
    }

    private static ImageDataset Part(ImageDataset d, int first, int end)
    {
        var indices = Enumerable.Range(0, d.Count).Where(i => d.Labels[i] >= first && d.Labels[i] < end).ToArray();
        var part = d.Select(indices);
        var labels = part.Labels.Select(l => (byte)(l - first)).ToArray();
        return new ImageDataset(part.Pixels, labels, d.Channels, d.Height, d.Width, end - first);
    }
}
