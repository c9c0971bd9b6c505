using ActorSweep.Core.Robustness;
using ActorSweep.Training.Numerics;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Data.Augmentation;

/// <summary>
/// <c>training.augmentation</c> applied to a training batch (<see cref="TrainingAugmentation"/>): the network inputs taken
/// back to pixels of [0, 1], each image augmented on the CPU from its own generator — seeded by the iteration's stream and
/// the image's place in the batch, so a rewound run, a resumed one and any slot count see the same images — and normalised
/// again.
/// </summary>
public static class PixelAugmentation
{
    /// <summary>The augmented batch (N × C × H × W network inputs, same device).</summary>
    public static Tensor Apply(Tensor inputs, PixelSpace space, TrainingAugmentation options, ulong seed)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = ((int)inputs.shape[0], (int)inputs.shape[1], (int)inputs.shape[2], (int)inputs.shape[3]);
        using var cpu = space.ToPixels(inputs).to(float32).cpu().contiguous();
        var pixels = cpu.data<float>().ToArray();
        var size = c * h * w;
        var result = new float[pixels.Length];
        for (var i = 0; i < n; i++)
        {
            var rng = new SplitMix64(seed * 1_000_003UL + (ulong)i);
            var image = new ReadOnlySpan<float>(pixels, i * size, size);
            var augmented = Augment(image, c, h, w, options, rng);
            augmented.CopyTo(result, i * size);
        }
        var output = tensor(result, new long[] { n, c, h, w }).to(inputs.device);
        return space.FromPixels(output).MoveToOuterDisposeScope();
    }

    /// <summary>One image (C × H × W pixels in [0, 1]) augmented.</summary>
    public static float[] Augment(ReadOnlySpan<float> image, int c, int h, int w, TrainingAugmentation options, SplitMix64 rng)
    {
        switch (options.Kind)
        {
            case TrainingAugmentation.Gaussian:
            {
                var sigma = options.Sigma * rng.NextDouble();
                var result = new float[image.Length];
                for (var i = 0; i < image.Length; i++) result[i] = (float)Math.Clamp(image[i] + sigma * rng.NextGaussian(), 0, 1);
                return result;
            }
            case TrainingAugmentation.AugMix:
            {
                var bands = new byte[c][];
                for (var b = 0; b < c; b++)
                {
                    bands[b] = new byte[h * w];
                    for (var i = 0; i < h * w; i++) bands[b][i] = (byte)Math.Clamp(Math.Round(image[b * h * w + i] * 255.0), 0, 255);
                }
                return AugMix.Apply(bands, h, w, options, rng);
            }
            default:
                throw new NotSupportedException($"training.augmentation.kind '{options.Kind}' is not implemented; known: {string.Join(", ", TrainingAugmentation.Kinds)}");
        }
    }
}
