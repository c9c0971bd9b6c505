using ActorSweep.Core.Study;
namespace ActorSweep.Training.Data;

/// <summary>
/// A small learnable dataset generated from a fixed seed: 10 classes of noisy 1×12×12 prototypes,
/// 2,400 training and 600 test images. For tests and orchestration runs; no download.
/// </summary>
public sealed class SyntheticSource : IDatasetSource
{
    private const int Side = 12;
    private const int Classes = 10;

    /// <inheritdoc />
    public string Name => "synthetic";

    /// <summary>1×12×12, 10 classes, 2,400 training images of which at most a quarter are held out; not normalised (identity).</summary>
    public DatasetInfo Info => new(new DatasetFacts(1, Side, Side, Classes, 2400, MaxValidationSize: 600), Normalization.Identity(1));

    /// <inheritdoc />
    public DataSplits Load(int validationSize)
    {
        var rng = new SplitMix64(12345);
        var prototypes = new float[Classes][];
        for (var c = 0; c < Classes; c++)
            prototypes[c] = Enumerable.Range(0, Side * Side).Select(_ => rng.NextDouble() < 0.3 ? 1f : 0f).ToArray();
        var train = Make(rng, prototypes, 2400);
        var test = Make(rng, prototypes, 600);
        var size = Info.Facts.HeldOut(validationSize);
        var (fit, validation) = ValidationSplit.Split(train, size, 0);
        return new DataSplits(Name, fit, validation, test);
    }

    private static ImageDataset Make(SplitMix64 rng, float[][] prototypes, int count)
    {
        var pixels = new float[count * Side * Side];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var c = i % Classes;
            labels[i] = (byte)c;
            for (var p = 0; p < Side * Side; p++)
                pixels[i * Side * Side + p] = Math.Clamp(prototypes[c][p] + (float)(0.35 * rng.NextGaussian()), 0f, 1f);
        }
        return new ImageDataset(pixels, labels, 1, Side, Side, Classes);
    }
}
