namespace ActorSweep.Core.Robustness;

/// <summary>
/// Augmentation of every training image against common corruptions, applied in pixel space after the dataset's own
/// (CIFAR's crop and flip), drawn per image from the iteration's stream so a rewound run replays it:
/// <list type="bullet">
/// <item><c>gaussian</c>: i.i.d. N(0, σ²) noise on every pixel with σ drawn per image uniformly from [0, <see cref="Sigma"/>],
/// clipped to [0, 1] (the Gaussian augmentation of Yin et al. 2019 that the CARDs paper trains half its deck with).</item>
/// <item><c>augmix</c>: Hendrycks et al. 2020 (google-research/augmix, <c>augment_and_mix</c>): <see cref="Width"/> chains of
/// <see cref="Depth"/> operations (−1: 1 to 3 drawn per chain) from AugMix's list — autocontrast, equalize, posterize,
/// rotate, solarize, shear and translate in x and y — at <see cref="Severity"/>, mixed with Dirichlet(α) weights and the
/// mix blended with the clean image by m ~ Beta(α, α). The Jensen–Shannon consistency loss of AugMix's default is not
/// part of it (AugMix's <c>--no-jsd</c>): the loss stays the method's.</item>
/// </list>
/// </summary>
/// <param name="Kind">none, gaussian or augmix.</param>
/// <param name="Sigma">Gaussian: the largest noise standard deviation, in pixels of [0, 1].</param>
/// <param name="Severity">AugMix: the operations' severity (1–10; AugMix's default 3).</param>
/// <param name="Width">AugMix: the number of chains mixed (default 3).</param>
/// <param name="Depth">AugMix: operations per chain, or −1 for 1 to 3 drawn per chain.</param>
/// <param name="Alpha">AugMix: the Dirichlet and Beta concentration (default 1).</param>
public sealed record TrainingAugmentation(string Kind, double Sigma, int Severity, int Width, int Depth, double Alpha)
{
    /// <summary>No augmentation.</summary>
    public const string None = "none";

    /// <summary>Gaussian noise.</summary>
    public const string Gaussian = "gaussian";

    /// <summary>AugMix without its consistency loss.</summary>
    public const string AugMix = "augmix";

    /// <summary>The kinds a study may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = new[] { None, Gaussian, AugMix };

    /// <summary>No augmentation, with the defaults of the others (σ ≤ 0.1; AugMix's severity 3, width 3, depth −1, α 1).</summary>
    public static readonly TrainingAugmentation Off = new(None, 0.1, 3, 3, -1, 1.0);

    /// <summary>Whether training images are augmented.</summary>
    public bool IsOn => Kind != None;

    /// <summary>These options with another kind (a CARD-Deck member's).</summary>
    public TrainingAugmentation As(string kind) => this with { Kind = kind };
}
