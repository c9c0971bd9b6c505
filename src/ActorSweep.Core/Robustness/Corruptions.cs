namespace ActorSweep.Core.Robustness;

/// <summary>
/// The corruptions of MNIST-C (Mu &amp; Gilmer 2019, google-research/mnist-c <c>corruptions.py</c>) that ActorSweep applies to a
/// test split, by the names a study writes, with the severity MNIST-C's dataset used (each function's default argument) and
/// how many severities the corruption has (the last five take none). Left out: <c>canny_edges</c> (skimage's Canny detector
/// with its hysteresis is not reproduced here) and the extended set (<c>ALL_CORRUPTIONS</c>) MNIST-C did not publish.
/// </summary>
public static class Corruptions
{
    /// <summary>Every corruption this build applies, in MNIST-C's order.</summary>
    public static IReadOnlyList<string> Names { get; } = new[]
    {
        "shot-noise", "impulse-noise", "glass-blur", "motion-blur", "shear", "scale", "rotate", "brightness", "translate",
        "stripe", "fog", "spatter", "dotted-line", "zigzag",
    };

    /// <summary>The word that stands for every corruption in <see cref="Names"/>.</summary>
    public const string All = "all";

    /// <summary>The names a study may write: each corruption and <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Accepted { get; } = Names.Append(All).ToArray();

    private static readonly Dictionary<string, int> PaperSeverity = new(StringComparer.Ordinal)
    {
        ["shot-noise"] = 5, ["impulse-noise"] = 4, ["glass-blur"] = 1, ["motion-blur"] = 1, ["shear"] = 2, ["scale"] = 3,
        ["rotate"] = 2, ["brightness"] = 5, ["translate"] = 3, ["fog"] = 5, ["spatter"] = 4,
    };

    /// <summary>Whether the corruption has severities 1–5 (stripe, dotted line and zigzag have none).</summary>
    public static bool HasSeverity(string name) => PaperSeverity.ContainsKey(name);

    /// <summary>
    /// The severity a corruption is applied at: MNIST-C's own when <paramref name="requested"/> is 0, else the requested one;
    /// 0 for a corruption without severities.
    /// </summary>
    public static int SeverityOf(string name, int requested) =>
        PaperSeverity.TryGetValue(name, out var paper) ? (requested == 0 ? paper : requested)
        : Names.Contains(name, StringComparer.Ordinal) ? 0
        : throw new ArgumentException($"unknown corruption '{name}'; known: {string.Join(", ", Names)}", nameof(name));

    /// <summary>The corruptions a list names, <see cref="All"/> expanded, in MNIST-C's order.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> listed) =>
        listed.Contains(All, StringComparer.Ordinal) ? Names : Names.Where(n => listed.Contains(n, StringComparer.Ordinal)).ToArray();
}
