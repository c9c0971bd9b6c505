using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorSweep.Training.Models;

/// <summary>
/// The models a study may name. <c>lenet-300-100</c> is the LTH paper's; any <c>lenet-H1-H2-…</c>
/// builds a fully connected net with those hidden widths (tests use <c>lenet-16-8</c>).
/// </summary>
public static partial class ModelRegistry
{
    /// <summary>Names (and patterns) for listings and errors.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "lenet-300-100", "lenet-H1-H2-… (any hidden widths)" };

    /// <summary>True when <paramref name="name"/> names a buildable model.</summary>
    public static bool IsKnown(string name) => LeNetPattern().IsMatch(name);

    /// <summary>Builds the model for inputs of <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/> and <paramref name="classes"/> classes.</summary>
    public static SparseNet Create(string name, int channels, int height, int width, int classes)
    {
        var m = LeNetPattern().Match(name);
        if (!m.Success) throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Names)}");
        var hidden = m.Groups[1].Captures.Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture)).ToArray();
        return new LeNet(name, channels * height * width, hidden, classes);
    }

    [GeneratedRegex("^lenet(?:-([1-9][0-9]{0,4}))+$")]
    private static partial Regex LeNetPattern();
}
