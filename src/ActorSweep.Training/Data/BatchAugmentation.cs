using static TorchSharp.torch;

namespace ActorSweep.Training.Data;

/// <summary>
/// The usual CIFAR training augmentation (as open_lth's): zero-pad 4 pixels on each side, crop a
/// random 32×32 window, flip horizontally with probability ½ — per example, drawn from a generator so
/// a run (and a run rewound to iteration k) sees the same augmented batches.
/// </summary>
public static class BatchAugmentation
{
    /// <summary>Padding on each side, in pixels.</summary>
    public const int Padding = 4;

    /// <summary>
    /// The augmented batch (N×C×H×W, same device and shape). <paramref name="fill"/> is the per-channel value
    /// of the padding (a raw 0 pixel after normalisation, as open_lth pads before it normalises); null pads 0.
    /// </summary>
    public static Tensor Apply(Tensor batch, Generator generator, float[]? fill = null)
    {
        var n = batch.shape[0];
        var h = batch.shape[2];
        var w = batch.shape[3];
        using var offsets = randint(0, 2 * Padding + 1, new[] { n, 2 }, generator: generator);
        using var flips = rand(new[] { n }, generator: generator);
        var dy = offsets.select(1, 0).data<long>().ToArray();
        var dx = offsets.select(1, 1).data<long>().ToArray();
        var flip = flips.data<float>().ToArray();
        using var padded = fill is null ? nn.functional.pad(batch, new long[] { Padding, Padding, Padding, Padding }) : PadWith(batch, fill);
        var crops = new List<Tensor>((int)n);
        for (var i = 0; i < n; i++)
        {
            var crop = padded[i].narrow(1, dy[i], h).narrow(2, dx[i], w);
            crops.Add(flip[i] < 0.5f ? crop.flip(2) : crop);
        }
        var result = stack(crops);
        foreach (var c in crops) c.Dispose();
        return result;
    }

    private static Tensor PadWith(Tensor batch, float[] fill)
    {
        var (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3]);
        using var values = tensor(fill, new long[] { 1, c, 1, 1 }).to(batch.device);
        var padded = values.expand(n, c, h + 2 * Padding, w + 2 * Padding).clone();
        using (var centre = padded.narrow(2, Padding, h).narrow(3, Padding, w)) centre.copy_(batch);
        return padded;
    }
}
