using ActorSweep.Core.Robustness;
using ActorSweep.Training.Data.Augmentation;
using ActorSweep.Training.Numerics;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Methods.Card;

/// <summary>
/// The CARD-Deck's gate (Diffenderfer et al. 2021, §5): each group of cards has a reference spectrum — the mean 2-D Fourier
/// amplitude |F(x)| of training images augmented as that group's cards were trained — and an input goes to the group whose
/// reference is nearest its own amplitude spectrum (mean absolute difference over channels and frequencies); the deck's
/// output is the mean of that group's cards' logits. The plain deck averages every card's logits (RobustBench's
/// <c>Diffenderfer2021CARD_Deck.forward</c>). Spectra are taken in pixel space, the network's normalisation undone.
/// </summary>
public sealed class CardDeck : IDisposable
{
    private const int Batch = 1000;
    private readonly IReadOnlyList<Tensor> _references;
    private readonly PixelSpace _space;

    private CardDeck(IReadOnlyList<Tensor> references, PixelSpace space)
    {
        _references = references;
        _space = space;
    }

    /// <summary>The groups' reference spectra, C × H × W each (for tests).</summary>
    internal IReadOnlyList<Tensor> References => _references;

    /// <summary>The number of groups.</summary>
    public int Groups => _references.Count;

    /// <summary>
    /// The gate for <paramref name="augmentations"/> (one group each): each reference spectrum from the first
    /// <paramref name="images"/> training inputs, augmented by <paramref name="options"/> as that group (seeded by <paramref name="seedOf"/>).
    /// </summary>
    public static CardDeck Build(Tensor trainX, PixelSpace space, IReadOnlyList<string> augmentations, TrainingAugmentation options, int images, Func<int, ulong> seedOf)
    {
        var n = (int)Math.Min(images, trainX.shape[0]);
        var references = new List<Tensor>();
        for (var g = 0; g < augmentations.Count; g++)
        {
            var group = options.As(augmentations[g]);
            Tensor? sum = null;
            for (var first = 0; first < n; first += Batch)
            {
                using var scope = NewDisposeScope();
                var x = trainX.narrow(0, first, Math.Min(Batch, n - first));
                // One batch's seed per (group, batch): the reference images are the same on every machine and slot count.
                if (group.IsOn) x = PixelAugmentation.Apply(x, space, group, seedOf(g) * 1_000_003UL + (ulong)first);
                var part = Amplitude(space.ToPixels(x)).sum(0L);   // over the images (a long: an int literal 0 would pick sum(ScalarType))
                var next = sum is null ? part : sum.Plus(part);
                next.DetachFromDisposeScope();
                sum?.Dispose();
                sum = next;
            }
            var total = sum ?? throw new ArgumentException("a reference spectrum needs at least one training image", nameof(images));
            var mean = total.Over(n);
            mean.DetachFromDisposeScope();
            total.Dispose();
            references.Add(mean);
        }
        return new CardDeck(references, space);
    }

    /// <summary>The 2-D discrete Fourier amplitude of each image and channel (N × C × H × W).</summary>
    public static Tensor Amplitude(Tensor pixels) => fft.fft2(pixels.to(float32)).abs();

    /// <summary>
    /// The group each input (network inputs, N × C × H × W) is routed to: the nearest reference spectrum; ties to the first
    /// group. With <paramref name="together"/>, each run of that many consecutive inputs is routed as one: the mean of their
    /// amplitude spectra is compared with the references.
    /// </summary>
    public Tensor Gate(Tensor inputs, int? together = null)
    {
        var parts = new List<Tensor>();
        var step = together is { } b ? Math.Max(1, Batch / b) * b : Batch;   // whole runs per chunk
        for (long first = 0; first < inputs.shape[0]; first += step)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(step, inputs.shape[0] - first);
            var amplitude = Amplitude(_space.ToPixels(inputs.narrow(0, first, length)));
            Tensor Nearest(Tensor a) => stack(_references.Select(r => a.sub(r).abs_().mean(new long[] { 1, 2, 3 })).ToArray(), 1).argmin(1);
            Tensor part;
            if (together is not { } size) part = Nearest(amplitude);
            else
            {
                var runs = Enumerable.Range(0, (int)((length + size - 1) / size))
                    .Select(i => amplitude.narrow(0, i * size, Math.Min(size, length - i * size)).mean(new long[] { 0 }, keepdim: true)).ToArray();
                var groups = Nearest(cat(runs, 0));
                part = groups.repeat_interleave(size).narrow(0, 0, length);
            }
            part.DetachFromDisposeScope();
            parts.Add(part);
        }
        if (parts.Count == 0) return zeros(0, ScalarType.Int64, inputs.device);
        var result = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return result;
    }

    /// <summary>
    /// The deck's logits from its cards' (<paramref name="cardLogits"/>, N × K each, card i in group <paramref name="groupOf"/>[i]):
    /// with a <paramref name="gate"/>, each input's routed group's mean; without, every card's mean.
    /// </summary>
    public static Tensor Combine(IReadOnlyList<Tensor> cardLogits, IReadOnlyList<int> groupOf, Tensor? gate, int groups)
    {
        using var scope = NewDisposeScope();
        if (gate is null) return stack(cardLogits.ToArray(), 0).to(float64).mean(new long[] { 0 }).MoveToOuterDisposeScope();
        var means = Enumerable.Range(0, groups)
            .Select(g => stack(cardLogits.Where((_, i) => groupOf[i] == g).ToArray(), 0).to(float64).mean(new long[] { 0 }))
            .ToArray();
        var all = stack(means, 1);   // N × G × K
        var index = gate.view(-1, 1, 1).expand(-1, 1, all.shape[2]);
        return all.gather(1, index).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>How many of <paramref name="gate"/>'s inputs are routed to <paramref name="group"/>.</summary>
    public static long Count(Tensor gate, int group)
    {
        using var scope = NewDisposeScope();
        return HeldScalars.With(group, g => gate.eq(g)).sum().item<long>();
    }

    /// <summary>The fraction of <paramref name="gate"/>'s inputs routed to <paramref name="group"/>.</summary>
    public static double Routed(Tensor gate, int group) => gate.shape[0] == 0 ? double.NaN : Count(gate, group) / (double)gate.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var r in _references) r.Dispose();
    }
}
