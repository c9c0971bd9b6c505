using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Tests.Artifacts;

/// <summary>An artifact is written whole under its name or not at all: a write that fails leaves nothing behind.</summary>
public class TensorFileTests
{
    [Test]
    public void Save_ThenLoad_RoundTripsNamesShapesAndValues()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("actorsweep-tensorfile").FullName, "final.pt");
        TensorFile.Save(path, new (string, long[], Array)[] { ("w", new long[] { 2, 2 }, new[] { 1f, -2f, 3.5f, 0f }), ("m", new long[] { 3 }, new long[] { 1, 0, 1 }) });
        var read = TensorFile.Load(path);
        Assert.That(read.Select(e => e.Name), Is.EqualTo(new[] { "w", "m" }));
        Assert.That(read[0].Data, Is.EqualTo(new[] { 1f, -2f, 3.5f, 0f }));
        Assert.That(read[1].Shape, Is.EqualTo(new long[] { 3 }));
    }

    [Test]
    public void Save_ThatFailsMidWrite_LeavesNoTemporary_AndKeepsThePreviousFile()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-tensorfile").FullName;
        var path = Path.Combine(dir, "final.pt");
        TensorFile.Save(path, new (string, long[], Array)[] { ("w", new long[] { 1 }, new[] { 7f }) });
        // The second entry cannot be written (as a full disk fails a write half-way): the attempt fails.
        Assert.Throws<ArgumentException>(() => TensorFile.Save(path, new (string, long[], Array)[] { ("w", new long[] { 1 }, new[] { 8f }), ("bad", new long[] { 1 }, new[] { 1.0 }) }));
        Assert.That(Directory.GetFiles(dir), Is.EqualTo(new[] { path }), "no *.tmp left");
        Assert.That(TensorFile.Load(path)[0].Data, Is.EqualTo(new[] { 7f }));
    }
}
