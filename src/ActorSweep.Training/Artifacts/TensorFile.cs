using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace ActorSweep.Training.Artifacts;

/// <summary>
/// A small, explicit file format for named tensors (weights, masks): magic, count, then per entry
/// name, dtype, shape and little-endian data. Independent of TorchSharp's and PyTorch's pickles, so
/// artifacts can be streamed between nodes and read by any tool. Written to a temporary name and
/// renamed, so a crash never leaves a truncated artifact under the final name.
/// </summary>
/// <remarks>
/// Version 2 (<c>ASWT2</c>) ends with a trailer, <c>ASWS</c> and the SHA-256 of every byte before it, and every read
/// checks it: a file changed after it was written (a disk's error, a user's edit) is a
/// <see cref="CorruptArtifactException"/> naming it, never weights or a mask that silently differ. Version-1 files
/// (<c>ASWT1</c>, studies written before) have no trailer and read as before.
/// </remarks>
public static class TensorFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("ASWT2\n");
    private static readonly byte[] MagicV1 = Encoding.ASCII.GetBytes("ASWT1\n");
    private static readonly byte[] TrailerMagic = Encoding.ASCII.GetBytes("ASWS");
    private const int TrailerLength = 4 + 32;

    /// <summary>Writes <paramref name="entries"/> (float32 or int64) atomically.</summary>
    public static void Save(string path, IEnumerable<(string Name, long[] Shape, Array Data)> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Write(tmp, entries);
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            // A failed write (a full disk) leaves no temporary behind; the attempt's failure says why.
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }

    private static void Write(string tmp, IEnumerable<(string Name, long[] Shape, Array Data)> entries)
    {
        using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        using (var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            var list = entries.ToList();
            w.Write(Magic);
            w.Write(list.Count);
            foreach (var (name, shape, data) in list)
            {
                w.Write(name);
                w.Write(data is long[] ? (byte)1 : (byte)0);
                w.Write(shape.Length);
                foreach (var d in shape) w.Write(d);
                w.Write(data.Length);
                switch (data)
                {
                    case float[] f: foreach (var v in f) w.Write(v); break;
                    case long[] l: foreach (var v in l) w.Write(v); break;
                    default: throw new ArgumentException($"{name}: unsupported element type {data.GetType().GetElementType()?.Name}");
                }
            }
            w.Flush();
            file.Position = 0;
            var sha = SHA256.HashData(file);
            file.Seek(0, SeekOrigin.End);
            w.Write(TrailerMagic);
            w.Write(sha);
            w.Flush();
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Reads every entry, after checking the file's checksum (version 2); throws <see cref="CorruptArtifactException"/> when it fails.</summary>
    public static List<(string Name, long[] Shape, Array Data)> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"artifact {path} does not exist", path);
        var bytes = File.ReadAllBytes(path);
        var body = bytes.Length;
        if (bytes.AsSpan().StartsWith(Magic))
        {
            if (bytes.Length < Magic.Length + 4 + TrailerLength || !bytes.AsSpan(bytes.Length - TrailerLength, 4).SequenceEqual(TrailerMagic))
                throw new CorruptArtifactException(path, "it is cut short or its checksum trailer is damaged");
            body = bytes.Length - TrailerLength;
            var recorded = bytes.AsSpan(body + 4, 32);
            var actual = SHA256.HashData(bytes.AsSpan(0, body));
            if (!recorded.SequenceEqual(actual))
                throw new CorruptArtifactException(path, $"its SHA-256 is {Convert.ToHexStringLower(actual)}, and it was written with {Convert.ToHexStringLower(recorded)}");
        }
        else if (!bytes.AsSpan().StartsWith(MagicV1)) throw new InvalidDataException($"{path}: not an ActorSweep tensor file");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body, writable: false), Encoding.UTF8);
            r.ReadBytes(Magic.Length);
            var count = r.ReadInt32();
            var result = new List<(string, long[], Array)>(count);
            for (var i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var dtype = r.ReadByte();
                var shape = new long[r.ReadInt32()];
                for (var d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                var n = r.ReadInt32();
                Array data = dtype == 1 ? new long[n] : new float[n];
                for (var k = 0; k < n; k++)
                {
                    if (dtype == 1) ((long[])data)[k] = r.ReadInt64();
                    else ((float[])data)[k] = r.ReadSingle();
                }
                result.Add((name, shape, data));
            }
            return result;
        }
        catch (Exception e) when (e is EndOfStreamException or OverflowException or OutOfMemoryException or ArgumentOutOfRangeException)
        {
            throw new CorruptArtifactException(path, $"it cannot be read ({e.GetType().Name})");
        }
    }

    /// <summary>Entries of a tensor dictionary (copied to the CPU).</summary>
    public static IEnumerable<(string Name, long[] Shape, Array Data)> FromTensors(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        foreach (var (name, t) in tensors)
        {
            using var cpu = t.detach().cpu();
            Array data = cpu.dtype == ScalarType.Int64 ? cpu.data<long>().ToArray() : cpu.to_type(ScalarType.Float32).data<float>().ToArray();
            yield return (name, cpu.shape, data);
        }
    }
}
