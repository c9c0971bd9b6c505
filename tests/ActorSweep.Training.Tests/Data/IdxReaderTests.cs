using ActorSweep.Training.Data;

namespace ActorSweep.Training.Tests.Data;

public class IdxReaderTests
{
    private static string Temp() => Directory.CreateTempSubdirectory("actorsweep-idx").FullName;

    [TestCase(false)]
    [TestCase(true)]
    public void ImagesAndLabels_RoundTrip_PlainAndGzip(bool gzip)
    {
        var dir = Temp();
        var pixels = Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)(i * 4)).ToArray();
        IdxReader.WriteImages(Path.Combine(dir, "x"), pixels, 3, 4, 5, gzip);
        IdxReader.WriteLabels(Path.Combine(dir, "y"), new byte[] { 7, 0, 9 }, gzip);
        var (values, count, rows, cols) = IdxReader.ReadImages(Path.Combine(dir, "x"));
        Assert.That((count, rows, cols), Is.EqualTo((3, 4, 5)));
        Assert.That(values[1], Is.EqualTo(4 / 255f));
        Assert.That(values[^1], Is.EqualTo(236 / 255f));
        Assert.That(IdxReader.ReadLabels(Path.Combine(dir, "y")), Is.EqualTo(new byte[] { 7, 0, 9 }));
    }

    [Test]
    public void LabelsFileReadAsImages_IsRejectedNamingTheFileAndTheMagicNumber()
    {
        var path = Path.Combine(Temp(), "labels");
        IdxReader.WriteLabels(path, new byte[20]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("magic number 0x00000801"));
    }

    [Test]
    public void TruncatedFile_IsRejected()
    {
        var path = Path.Combine(Temp(), "x");
        IdxReader.WriteImages(path, new byte[20], 1, 4, 5);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..30]);
        Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
    }
}
