using ActorSweep.Core.Study;
namespace ActorSweep.Training.Data;

/// <summary>
/// CIFAR-10 and CIFAR-100 from the binary version users download themselves
/// (https://www.cs.toronto.edu/~kriz/cifar.html; no registry here serves it): CIFAR-10's
/// <c>data_batch_1..5.bin</c> + <c>test_batch.bin</c> (records of 1 label byte + 3,072 pixel bytes),
/// CIFAR-100's <c>train.bin</c> + <c>test.bin</c> (coarse label, fine label, 3,072 bytes; the fine
/// label is used). Pixels are R, G, B planes of 32×32, scaled to [0, 1] (normalised per channel when
/// <c>training.normalize-inputs</c> is on, see <see cref="Info"/>). Training batches are augmented (random crop with 4-pixel padding,
/// horizontal flip). The folder is <c>$ACTORSWEEP_CIFAR10</c> / <c>$ACTORSWEEP_CIFAR100</c>, else
/// <c>&lt;data cache&gt;/cifar-10-batches-bin</c> / <c>cifar-100-binary</c> (the archives' own folder names).
/// </summary>
public sealed class CifarSource : IDatasetSource
{
    private const int Side = 32;
    private const int ImageBytes = 3 * Side * Side;
    private const ulong ValidationSeed = 0;
    private readonly bool _hundred;

    private CifarSource(bool hundred) => _hundred = hundred;

    /// <summary>CIFAR-10.</summary>
    public static CifarSource Cifar10() => new(false);

    /// <summary>CIFAR-100 (fine labels).</summary>
    public static CifarSource Cifar100() => new(true);

    /// <inheritdoc />
    public string Name => _hundred ? "cifar100" : "cifar10";

    /// <summary>
    /// 3×32×32, 50,000 training images. Normalised as open_lth's CIFAR-10 (datasets/cifar10.py), with the
    /// ImageNet channel statistics mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225); CIFAR-100 the same.
    /// </summary>
    public DatasetInfo Info => new(new DatasetFacts(3, Side, Side, Classes, 50_000),
        new Normalization(new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f }));

    private int Classes => _hundred ? 100 : 10;
    private int LabelBytes => _hundred ? 2 : 1;
    private string[] TrainFiles => _hundred ? new[] { "train.bin" } : Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray();
    private string TestFile => _hundred ? "test.bin" : "test_batch.bin";

    /// <summary>The folder the files are read from.</summary>
    public string Folder
    {
        get
        {
            var env = Environment.GetEnvironmentVariable(_hundred ? "ACTORSWEEP_CIFAR100" : "ACTORSWEEP_CIFAR10");
            return !string.IsNullOrEmpty(env) ? env : Path.Combine(DataCache.Root, _hundred ? "cifar-100-binary" : "cifar-10-batches-bin");
        }
    }

    /// <summary>Throws, naming the folder and files, unless every file is there.</summary>
    public void Check()
    {
        var folder = Folder;
        var missing = TrainFiles.Append(TestFile).Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException(
                $"{Name}: {folder} lacks {string.Join(", ", missing)}; expected the binary version from https://www.cs.toronto.edu/~kriz/cifar.html " +
                $"({(_hundred ? "cifar-100-binary.tar.gz" : "cifar-10-binary.tar.gz")}) unpacked there, or ${(_hundred ? "ACTORSWEEP_CIFAR100" : "ACTORSWEEP_CIFAR10")} naming its folder");
    }

    /// <inheritdoc />
    public DataSplits Load(int validationSize)
    {
        Check();
        var folder = Folder;
        var train = Concat(TrainFiles.Select(f => Read(Path.Combine(folder, f))).ToList());
        var test = Read(Path.Combine(folder, TestFile));
        var (fit, validation) = ValidationSplit.Split(train, validationSize, ValidationSeed);
        return new DataSplits(Name, fit, validation, test) { Augment = true };
    }

    /// <summary>Reads one binary batch file.</summary>
    public ImageDataset Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var record = LabelBytes + ImageBytes;
        if (bytes.Length == 0 || bytes.Length % record != 0)
            throw new InvalidDataException($"{path}: {bytes.Length} bytes is not a whole number of {Name} records ({LabelBytes} label byte(s) + {ImageBytes} pixel bytes each)");
        var n = bytes.Length / record;
        var labels = new byte[n];
        var pixels = new float[(long)n * ImageBytes];
        for (var i = 0; i < n; i++)
        {
            var offset = i * record;
            var label = bytes[offset + LabelBytes - 1];
            if (label >= Classes) throw new InvalidDataException($"{path}: record {i} has label {label}, expected 0..{Classes - 1}");
            labels[i] = label;
            for (var p = 0; p < ImageBytes; p++) pixels[(long)i * ImageBytes + p] = bytes[offset + LabelBytes + p] / 255f;
        }
        return new ImageDataset(pixels, labels, 3, Side, Side, Classes);
    }

    private ImageDataset Concat(IReadOnlyList<ImageDataset> parts)
    {
        var pixels = new float[parts.Sum(p => (long)p.Pixels.Length)];
        var labels = new byte[parts.Sum(p => p.Count)];
        long po = 0;
        var lo = 0;
        foreach (var p in parts)
        {
            Array.Copy(p.Pixels, 0, pixels, po, p.Pixels.Length);
            Array.Copy(p.Labels, 0, labels, lo, p.Count);
            po += p.Pixels.Length;
            lo += p.Count;
        }
        return new ImageDataset(pixels, labels, 3, Side, Side, Classes);
    }
}
