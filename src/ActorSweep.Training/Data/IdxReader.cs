using System.Buffers.Binary;
using System.IO.Compression;

namespace ActorSweep.Training.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (plain or gzip, detected by magic bytes): images
/// as idx3 (N × rows × cols unsigned bytes), labels as idx1.
/// </summary>
public static class IdxReader
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <summary>Reads an idx3 image file; pixels scaled to [0, 1].</summary>
    public static (float[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        var bytes = ReadAll(path);
        Require(path, bytes.Length >= 16, "shorter than an idx3 header");
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        Require(path, magic == ImagesMagic, $"magic number 0x{magic:x8}, expected 0x{ImagesMagic:x8} (idx3 unsigned-byte images)");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        Require(path, n >= 0 && rows > 0 && cols > 0 && bytes.Length == 16L + (long)n * rows * cols,
            $"header says {n} × {rows} × {cols} but the file holds {bytes.Length - 16} pixel bytes");
        var pixels = new float[(long)n * rows * cols];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = bytes[16 + i] / 255f;
        return (pixels, n, rows, cols);
    }

    /// <summary>Reads an idx1 label file.</summary>
    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAll(path);
        Require(path, bytes.Length >= 8, "shorter than an idx1 header");
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        Require(path, magic == LabelsMagic, $"magic number 0x{magic:x8}, expected 0x{LabelsMagic:x8} (idx1 unsigned-byte labels)");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        Require(path, n >= 0 && bytes.Length == 8L + n, $"header says {n} labels but the file holds {bytes.Length - 8}");
        return bytes.AsSpan(8).ToArray();
    }

    /// <summary>Writes an idx3 file (tests and tools).</summary>
    public static void WriteImages(string path, byte[] pixels, int count, int rows, int cols, bool gzip = false)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), cols);
        Write(path, header, pixels, gzip);
    }

    /// <summary>Writes an idx1 file (tests and tools).</summary>
    public static void WriteLabels(string path, byte[] labels, bool gzip = false)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        Write(path, header, labels, gzip);
    }

    private static void Write(string path, byte[] header, byte[] body, bool gzip)
    {
        using var file = File.Create(path);
        using Stream s = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        s.Write(header);
        s.Write(body);
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: IDX file not found", path);
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private static void Require(string path, bool ok, string problem)
    {
        if (!ok) throw new InvalidDataException($"{path}: not a valid IDX file: {problem}");
    }
}
