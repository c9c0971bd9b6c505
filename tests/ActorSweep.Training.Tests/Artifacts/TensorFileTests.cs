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

    [Test]
    public void Load_OfAFileChangedAfterItWasWritten_FailsNamingIt_AndSoDoesOneCutShort()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("actorsweep-tensorfile").FullName, "final.pt");
        TensorFile.Save(path, new (string, long[], Array)[] { ("w", new long[] { 64 }, Enumerable.Range(0, 64).Select(i => (float)i).ToArray()) });
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;   // one bit, in the middle of the data: a float that silently differs without the check
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CorruptArtifactException>(() => TensorFile.Load(path))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("changed after it was written").And.Contain("SHA-256"));

        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes[..^10]);
        Assert.That(Assert.Throws<CorruptArtifactException>(() => TensorFile.Load(path))!.Message, Does.Contain("cut short"));
        File.WriteAllBytes(path, bytes);
        Assert.That(TensorFile.Load(path)[0].Data, Is.EqualTo(Enumerable.Range(0, 64).Select(i => (float)i).ToArray()), "restored, it reads again");
    }

    [Test]
    public void Load_OfAVersion1File_WithoutAChecksum_ReadsAsBefore()
    {
        // What studies written before the checksum hold: magic ASWT1, count, then name, dtype, shape, length, data.
        var path = Path.Combine(Directory.CreateTempSubdirectory("actorsweep-tensorfile").FullName, "mask.pt");
        using (var w = new BinaryWriter(File.Create(path), System.Text.Encoding.UTF8))
        {
            w.Write(System.Text.Encoding.ASCII.GetBytes("ASWT1\n"));
            w.Write(1);
            w.Write("layers.0.weight");
            w.Write((byte)0);
            w.Write(1);
            w.Write(3L);
            w.Write(3);
            foreach (var v in new[] { 1f, 0f, 1f }) w.Write(v);
        }
        var read = TensorFile.Load(path);
        Assert.That((read[0].Name, read[0].Shape, read[0].Data), Is.EqualTo(("layers.0.weight", new long[] { 3 }, (Array)new[] { 1f, 0f, 1f })));
    }
}
