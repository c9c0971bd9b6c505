namespace ActorSweep.Training.Data;

/// <summary>Holds out a fixed random subset of the training set for validation (early stopping).</summary>
public static class ValidationSplit
{
    /// <summary>Splits <paramref name="train"/> into (rest, validation) with a seeded permutation; both keep the original order.</summary>
    public static (ImageDataset Train, ImageDataset Validation) Split(ImageDataset train, int validationSize, ulong seed)
    {
        if (validationSize < 0 || validationSize >= train.Count)
            throw new ArgumentOutOfRangeException(nameof(validationSize), $"validation size {validationSize} must be in [0, {train.Count})");
        var perm = new SplitMix64(seed).Permutation(train.Count);
        var validation = perm.Take(validationSize).Order().ToArray();
        var rest = perm.Skip(validationSize).Order().ToArray();
        return (train.Select(rest), train.Select(validation));
    }
}
