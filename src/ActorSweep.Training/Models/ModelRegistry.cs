using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorSweep.Training.Models;

/// <summary>
/// The models a study may name: <c>lenet-300-100</c> (any <c>lenet-H1-H2-…</c> builds a fully connected
/// net with those hidden widths; tests use <c>lenet-16-8</c>), <c>conv-2</c> / <c>conv-4</c> /
/// <c>conv-6</c> (LTH paper), <c>resnet-20</c> / <c>-32</c> / <c>-56</c> (any 6n + 2, CIFAR style) and
/// <c>vgg-11</c> / <c>-13</c> / <c>-16</c> / <c>-19</c> (CIFAR style).
/// </summary>
public static partial class ModelRegistry
{
    /// <summary>Names (and patterns) for listings and errors.</summary>
    public static IReadOnlyList<string> Names { get; } = new[]
    {
        "lenet-300-100", "lenet-H1-H2-… (any hidden widths)", "conv-2", "conv-4", "conv-6", "conv-N-bn (with batch norm)", "conv-N[-bn]-W (first filters W instead of 64)", "resnet-20", "resnet-32", "resnet-56", "resnet-N (N = 6n+2)", "vgg-11", "vgg-13", "vgg-16", "vgg-19",
    };

    /// <summary>True when <paramref name="name"/> names a buildable model.</summary>
    public static bool IsKnown(string name) =>
        LeNetPattern().IsMatch(name) || ConvPattern().IsMatch(name) || VggPattern().IsMatch(name)
        || (ResNetPattern().Match(name) is { Success: true } r && int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) is var d && d >= 8 && (d - 2) % 6 == 0);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), string?> InputChecks = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ActorSweep.Core.Study.ModelFacts?> Facts = new(StringComparer.Ordinal);

    /// <summary>
    /// What validation may check of <paramref name="name"/> (whether it has batch-norm channels), from the model itself:
    /// built once for CIFAR-sized inputs, which every model takes; null for an unknown name. Cached per model.
    /// </summary>
    public static ActorSweep.Core.Study.ModelFacts? FactsOf(string name) =>
        !IsKnown(name) ? null : Facts.GetOrAdd(name, _ =>
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            using var model = Create(name, 3, 32, 32, 10);
            return new ActorSweep.Core.Study.ModelFacts(BatchNorm: model.ChannelGroups.Count > 0, ConvLayers: model.PrunableLayers.Any(l => l.Kind == LayerKind.Conv));
        });

    /// <summary>
    /// Why <paramref name="name"/> cannot take images of the dataset described by <paramref name="facts"/>, or null
    /// when it can: the model is built and one zero image is passed through it (VGG's five poolings need at
    /// least 32×32, say). Cached per model and shape.
    /// </summary>
    public static string? CheckInput(string name, ActorSweep.Core.Study.DatasetFacts facts) =>
        !IsKnown(name) ? null : InputChecks.GetOrAdd((name, $"{facts.Shape}/{facts.Classes}"), _ =>
        {
            try
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                using var model = Create(name, facts.Channels, facts.Height, facts.Width, facts.Classes);
                model.eval();
                using var noGrad = TorchSharp.torch.no_grad();
                var output = model.forward(TorchSharp.torch.zeros(1, facts.Channels, facts.Height, facts.Width));
                return output.shape.SequenceEqual(new long[] { 1, facts.Classes }) ? null
                    : $"model {name} gives outputs of shape [{string.Join(", ", output.shape)}] for {facts.Shape} images, not [1, {facts.Classes}]";
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Runtime.InteropServices.ExternalException)
            {
                return $"model {name} cannot take {facts.Shape} images: {e.Message.Split('\n')[0]}";
            }
        });

    /// <summary>Builds the model for inputs of <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/> and <paramref name="classes"/> classes.</summary>
    public static SparseNet Create(string name, int channels, int height, int width, int classes)
    {
        if (!IsKnown(name)) throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Names)}");
        if (LeNetPattern().Match(name) is { Success: true } lenet)
        {
            var hidden = lenet.Groups[1].Captures.Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture)).ToArray();
            return new LeNet(name, channels * height * width, hidden, classes);
        }
        if (ConvPattern().Match(name) is { Success: true } conv)
            return new ConvNet(name, int.Parse(conv.Groups[1].Value, CultureInfo.InvariantCulture), channels, height, width, classes, batchNorm: conv.Groups[2].Success,
                baseWidth: conv.Groups[3].Success ? int.Parse(conv.Groups[3].Value, CultureInfo.InvariantCulture) : 64);
        if (VggPattern().Match(name) is { Success: true } vgg)
            return new CifarVgg(name, int.Parse(vgg.Groups[1].Value, CultureInfo.InvariantCulture), channels, classes);
        var depth = int.Parse(ResNetPattern().Match(name).Groups[1].Value, CultureInfo.InvariantCulture);
        return new CifarResNet(name, depth, channels, classes);
    }

    [GeneratedRegex("^lenet(?:-([1-9][0-9]{0,4}))+$")]
    private static partial Regex LeNetPattern();

    [GeneratedRegex("^conv-([246])(-bn)?(?:-([1-9][0-9]{0,2}))?$")]
    private static partial Regex ConvPattern();

    [GeneratedRegex("^resnet-([1-9][0-9]{0,3})$")]
    private static partial Regex ResNetPattern();

    [GeneratedRegex("^vgg-(11|13|16|19)$")]
    private static partial Regex VggPattern();
}
