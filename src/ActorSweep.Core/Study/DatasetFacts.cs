namespace ActorSweep.Core.Study;

/// <summary>
/// What validation needs to know of a dataset without loading it: its image shape, classes, and how many
/// training images it has (before the validation hold-out).
/// </summary>
/// <param name="Channels">Image channels.</param>
/// <param name="Height">Image height.</param>
/// <param name="Width">Image width.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="TrainCount">Images of the official training split.</param>
/// <param name="MaxValidationSize">Null when the hold-out is exactly <c>training.validation-size</c>; otherwise the
/// largest hold-out the dataset takes (the synthetic set holds out at most a quarter of its images).</param>
public sealed record DatasetFacts(int Channels, int Height, int Width, int Classes, int TrainCount, int? MaxValidationSize = null)
{
    /// <summary>The hold-out a study with <paramref name="validationSize"/> gets.</summary>
    public int HeldOut(int validationSize) => MaxValidationSize is { } max ? Math.Min(validationSize, max) : validationSize;

    /// <summary>The shape, for messages ("1×28×28").</summary>
    public string Shape => $"{Channels}×{Height}×{Width}";
}
