namespace ActorSweep.Training.Data;

/// <summary>
/// Images and labels held in plain arrays (no tensors), so data loads once per process and is shared
/// by every trainer slot. Pixels are float in [0, 1], laid out N × C × H × W.
/// </summary>
public sealed class ImageDataset
{
    /// <summary>Wraps the arrays; checks that their sizes agree.</summary>
    public ImageDataset(float[] pixels, byte[] labels, int channels, int height, int width, int classes)
    {
        if (pixels.Length != (long)labels.Length * channels * height * width)
            throw new ArgumentException($"pixels ({pixels.Length}) != labels ({labels.Length}) × {channels}×{height}×{width}");
        Pixels = pixels; Labels = labels; Channels = channels; Height = height; Width = width; Classes = classes;
    }

    public float[] Pixels { get; }
    public byte[] Labels { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Classes { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Labels.Length;

    /// <summary>Floats per example (C·H·W).</summary>
    public int ExampleSize => Channels * Height * Width;

    /// <summary>The examples at the given indices, in that order, as a new dataset.</summary>
    public ImageDataset Select(IReadOnlyList<int> indices)
    {
        var size = ExampleSize;
        var px = new float[(long)indices.Count * size];
        var lb = new byte[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Array.Copy(Pixels, (long)indices[i] * size, px, (long)i * size, size);
            lb[i] = Labels[indices[i]];
        }
        return new ImageDataset(px, lb, Channels, Height, Width, Classes);
    }
}
