namespace ActorSweep.Core.Study;

/// <summary>
/// Label noise on a trial's training split (never on validation or test), as he-zh/sparse-double-descent's
/// <c>datasets/base.py</c> and <c>datasets/mnist.py</c>: <c>random</c> gives ⌈N·f⌉ examples a uniformly drawn label
/// (which may be the true one); <c>symmetric</c> draws each label from a row of 1 − f on the diagonal and f/(K − 1)
/// elsewhere; <c>pair-flip</c> moves f of each class i to i + 1 (the last to 0); <c>asymmetric</c> is the dataset's own
/// map in the reference (<see cref="AsymmetricMapOf"/>). Seeded per trial, so every round of a trial sees the same labels.
/// </summary>
/// <param name="Kind">none, random, symmetric, pair-flip or asymmetric.</param>
/// <param name="Fraction">f.</param>
public sealed record LabelNoise(string Kind, double Fraction)
{
    public const string None = "none";
    public const string Random = "random";
    public const string Symmetric = "symmetric";
    public const string PairFlip = "pair-flip";
    public const string Asymmetric = "asymmetric";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> Kinds { get; } = new[] { None, Random, Symmetric, PairFlip, Asymmetric };

    /// <summary>No noise.</summary>
    public static readonly LabelNoise Clean = new(None, 0);

    /// <summary>True when labels change.</summary>
    public bool IsNoisy => Kind != None && Fraction > 0;

    /// <summary>
    /// The asymmetric map of <paramref name="dataset"/> in he-zh/sparse-double-descent: MNIST's transition matrix
    /// (<c>datasets/mnist.py</c>: 2 → 7, 5 ↔ 6, 3 → 8 with probability f; also the synthetic test set's), CIFAR-10's class
    /// flips (<c>datasets/cifar10.py</c>: truck → automobile, bird → airplane, cat ↔ dog, deer → horse, exactly ⌈nᵢ·f⌉ of each
    /// class); null where the reference has none (Fashion-MNIST, CIFAR-100). Studies before <see cref="DefaultsVersion.Release4"/>
    /// applied MNIST's matrix to every 10-class dataset, and keep doing so.
    /// </summary>
    public static AsymmetricMap? AsymmetricMapOf(string dataset, int classes, int defaultsVersion) =>
        defaultsVersion < DefaultsVersion.Release4 ? (classes == 10 ? AsymmetricMap.MnistTransitions : null)
        : dataset switch
        {
            "mnist" or "synthetic" => AsymmetricMap.MnistTransitions,
            "cifar10" => AsymmetricMap.Cifar10Flips,
            _ => null,
        };

    /// <summary>CIFAR-10's flips (from class, to class), in the reference's order.</summary>
    public static readonly IReadOnlyList<(int From, int To)> Cifar10Flips = new[] { (9, 1), (2, 0), (3, 5), (5, 3), (4, 7) };

    /// <summary>Why this noise cannot apply to <paramref name="dataset"/> of <paramref name="classes"/> classes, or null.</summary>
    public string? Problem(int classes, string dataset, int defaultsVersion = DefaultsVersion.Current) => Kind switch
    {
        None when Fraction > 0 => $"label-noise.fraction is {Fraction} but label-noise.kind is none; expected a kind ({string.Join(", ", Kinds.Skip(1))})",
        Asymmetric when AsymmetricMapOf(dataset, classes, defaultsVersion) is null => defaultsVersion < DefaultsVersion.Release4
            ? $"asymmetric label noise is the reference's MNIST map (2 → 7, 5 ↔ 6, 3 → 8) and needs 10 classes; the dataset has {classes}"
            : $"asymmetric label noise follows the reference's map of each dataset, and it has one for mnist and cifar10 only, not {dataset}; use symmetric or pair-flip",
        Symmetric or PairFlip when classes < 2 => $"{Kind} label noise needs at least 2 classes",
        _ => null,
    };

    /// <summary>
    /// The transition matrix P[i, j] = probability that true label i becomes j (symmetric, pair-flip, asymmetric), as the
    /// reference builds it.
    /// </summary>
    public double[,] Transitions(int classes)
    {
        var p = new double[classes, classes];
        var f = Fraction;
        switch (Kind)
        {
            case Symmetric:
                for (var i = 0; i < classes; i++)
                for (var j = 0; j < classes; j++)
                    p[i, j] = i == j ? 1 - f : f / (classes - 1);
                break;
            case PairFlip:
                for (var i = 0; i < classes; i++)
                {
                    p[i, i] = 1 - f;
                    p[i, (i + 1) % classes] = f;
                }
                break;
            case Asymmetric:   // MNIST's matrix (AsymmetricMap.MnistTransitions)
                for (var i = 0; i < classes; i++) p[i, i] = 1;
                foreach (var (from, to) in new[] { (2, 7), (5, 6), (6, 5), (3, 8) })
                {
                    p[from, from] = 1 - f;
                    p[from, to] = f;
                }
                break;
            default:
                throw new InvalidOperationException($"label noise '{Kind}' has no transition matrix");
        }
        return p;
    }
}

/// <summary>How a dataset's asymmetric label noise is drawn in the reference.</summary>
public enum AsymmetricMap
{
    /// <summary>Each label drawn from its row of MNIST's transition matrix.</summary>
    MnistTransitions,

    /// <summary>Exactly ⌈nᵢ·f⌉ of each flipped CIFAR-10 class, chosen by a seeded shuffle, get the paired class.</summary>
    Cifar10Flips,
}
