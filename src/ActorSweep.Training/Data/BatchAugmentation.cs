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

    /// <summary>The augmented batch (N×C×H×W, same device and shape).</summary>
    public static Tensor Apply(Tensor batch, Generator generator)
    {
        var n = batch.shape[0];
        var h = batch.shape[2];
        var w = batch.shape[3];
        using var offsets = randint(0, 2 * Padding + 1, new[] { n, 2 }, generator: generator);
        using var flips = rand(new[] { n }, generator: generator);
        var dy = offsets.select(1, 0).data<long>().ToArray();
        var dx = offsets.select(1, 1).data<long>().ToArray();
        var flip = flips.data<float>().ToArray();
        using var padded = nn.functional.pad(batch, new long[] { Padding, Padding, Padding, Padding });
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
}
