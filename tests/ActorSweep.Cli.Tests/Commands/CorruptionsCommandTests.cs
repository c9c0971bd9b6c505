using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Robustness;
using SkiaSharp;

namespace ActorSweep.Cli.Tests.Commands;

/// <summary><c>actorsweep corruptions</c>: the PNG grid of a dataset's test images under each corruption, and its refusals.</summary>
public class CorruptionsCommandTests
{
    [Test]
    public void Corruptions_DrawsARowPerCorruptionPlusTheCleanImages()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("actorsweep-cli").FullName, "grid.png");
        var (exit, output, errors) = InProcessCli.Run("corruptions", "--dataset", "synthetic", "--images", "4", "--out", path);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(output, Does.Contain($"clean and under {Corruptions.Names.Count} corruptions"));
        using var bitmap = SKBitmap.Decode(path);
        Assert.That(bitmap.Height, Is.EqualTo((Corruptions.Names.Count + 1) * (12 * 3 + 2)), "one row of 12 × 12 images scaled 3× per corruption, and the clean row");
        Assert.That(bitmap.Width, Is.EqualTo(120 + 4 * (12 * 3 + 2)));
        // The stripe row inverts the left quarter: its first image's top-left pixel is the clean one's, inverted.
        var stripeRow = 1 + Corruptions.Names.ToList().IndexOf("stripe");
        var clean = bitmap.GetPixel(120, 0).Red;
        var striped = bitmap.GetPixel(120, stripeRow * (12 * 3 + 2)).Red;
        Assert.That(striped, Is.EqualTo(255 - clean).Within(1));
    }

    [TestCase("--dataset", "cifar10", "single-channel")]
    [TestCase("--severity", "6", "--severity")]
    [TestCase("--dataset", "imagenet", "unknown dataset")]
    public void Corruptions_RefusesWhatItCannotDraw(string option, string value, string expected)
    {
        var (exit, _, errors) = InProcessCli.Run("corruptions", option, value, "--out", Path.Combine(Path.GetTempPath(), "never.png"));
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain(expected));
        Assert.That(File.Exists(Path.Combine(Path.GetTempPath(), "never.png")), Is.False, "nothing written");
    }
}
