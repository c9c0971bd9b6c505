namespace ActorSweep.Training.Data;

/// <summary>
/// Fashion-MNIST from Debian's <c>dataset-fashion-mnist</c> package (gzipped IDX), fetched with
/// <c>apt-get download</c> (no root needed; empty package lists are refreshed once, see <see cref="AptPackage"/>) and
/// unpacked with <c>dpkg-deb -x</c>.
/// </summary>
public sealed class FashionMnistSource : IdxDatasetSource
{
    private static readonly IReadOnlyDictionary<string, string> Sums = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte.gz"] = "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
        ["train-labels-idx1-ubyte.gz"] = "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
        ["t10k-images-idx3-ubyte.gz"] = "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
        ["t10k-labels-idx1-ubyte.gz"] = "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
    };

    /// <inheritdoc />
    public override string Name => "fashion-mnist";

    /// <summary>
    /// Fashion-MNIST is not in open_lth; its training set's own statistics, mean 0.2860 and std 0.3530 (the values
    /// in common use; <c>DatasetTests</c> recomputes them from the 60,000 training images).
    /// </summary>
    protected override Normalization Normalization => new(new[] { 0.2860f }, new[] { 0.3530f });

    /// <inheritdoc />
    protected override (string TrainImages, string TrainLabels, string TestImages, string TestLabels) Files =>
        ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> Checksums => Sums;

    /// <inheritdoc />
    protected override void Fetch(string into)
    {
        AptPackage.Download("dataset-fashion-mnist", into, "fetching Fashion-MNIST (Debian package dataset-fashion-mnist)");
        var deb = Directory.GetFiles(into, "dataset-fashion-mnist_*.deb").SingleOrDefault()
                  ?? throw new InvalidDataException("fetching Fashion-MNIST: apt-get download produced no .deb");
        var extracted = Path.Combine(into, "deb");
        DataCache.RunTool("dpkg-deb", $"-x \"{deb}\" \"{extracted}\"", into, "unpacking Fashion-MNIST");
        var found = Directory.GetFiles(extracted, "*.gz", SearchOption.AllDirectories);
        foreach (var name in Sums.Keys)
        {
            var src = found.FirstOrDefault(f => Path.GetFileName(f) == name)
                      ?? throw new InvalidDataException($"fetching Fashion-MNIST: {name} is not in the package (found: {string.Join(", ", found.Select(Path.GetFileName))})");
            File.Move(src, Path.Combine(into, name), overwrite: true);
        }
    }
}
