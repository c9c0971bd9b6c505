using ActorSweep.Core.Study;
namespace ActorSweep.Training.Data;

/// <summary>
/// A 28×28 grey-scale, 10-class dataset in IDX files: fetched and verified into the cache on first
/// use, then split into train / validation / test with the fixed validation seed.
/// </summary>
public abstract class IdxDatasetSource : IDatasetSource
{
    /// <summary>Seed of the validation hold-out: fixed, so every process and run holds out the same images.</summary>
    public const ulong ValidationSeed = 0;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public DatasetInfo Info => new(new DatasetFacts(1, 28, 28, 10, 60_000), Normalization);

    /// <summary>The per-channel normalisation of this dataset.</summary>
    protected abstract Normalization Normalization { get; }

    /// <summary>File names of the four IDX files.</summary>
    protected abstract (string TrainImages, string TrainLabels, string TestImages, string TestLabels) Files { get; }

    /// <summary>SHA-256 of each file.</summary>
    protected abstract IReadOnlyDictionary<string, string> Checksums { get; }

    /// <summary>Downloads the files into <paramref name="into"/>.</summary>
    protected abstract void Fetch(string into);

    /// <summary>Fetches and verifies the files if needed; returns their folder.</summary>
    public string Prefetch() => DataCache.Ensure(Name, Checksums, Fetch);

    /// <inheritdoc />
    public DataSplits Load(int validationSize)
    {
        var dir = Prefetch();
        var f = Files;
        var train = Read(dir, f.TrainImages, f.TrainLabels);
        var test = Read(dir, f.TestImages, f.TestLabels);
        var (fit, validation) = ValidationSplit.Split(train, validationSize, ValidationSeed);
        return new DataSplits(Name, fit, validation, test);
    }

    private static ImageDataset Read(string dir, string images, string labels)
    {
        var (pixels, count, rows, cols) = IdxReader.ReadImages(Path.Combine(dir, images));
        var y = IdxReader.ReadLabels(Path.Combine(dir, labels));
        if (y.Length != count) throw new InvalidDataException($"{dir}: {images} has {count} images but {labels} has {y.Length} labels");
        return new ImageDataset(pixels, y, 1, rows, cols, 10);
    }
}
