namespace ActorSweep.Core.Robustness;

/// <summary>
/// What a task measures off its training distribution, at the points its <c>trials</c> row reads (the early-stop iteration
/// and the end): its accuracy on corrupted copies of the test split (<see cref="Corruptions"/>) and its robust accuracy
/// under FGSM and L∞ PGD (<see cref="Attacks"/>) of radius <see cref="Epsilon"/> in pixel space [0, 1]. Written as the
/// <c>robustness</c> dataset; nothing is measured when both lists are empty (the default).
/// </summary>
/// <param name="Corruptions">The corruptions, <see cref="Robustness.Corruptions.All"/> expanded.</param>
/// <param name="Severity">0: each corruption at MNIST-C's severity; 1–5: every corruption that has severities at this one.</param>
/// <param name="Attacks">fgsm and/or pgd.</param>
/// <param name="Epsilon">The L∞ radius in pixels of [0, 1] (Madry et al.'s MNIST setting 0.3).</param>
/// <param name="PgdSteps">PGD's iterations (Madry et al. evaluate MNIST with 40; 100 in their leaderboard).</param>
/// <param name="PgdStepSize">PGD's step in pixels of [0, 1] (0.01).</param>
/// <param name="Examples">Attack the first N test images only (0: all of them); corruptions always use the whole split.</param>
public sealed record RobustnessEvaluation(IReadOnlyList<string> Corruptions, int Severity, IReadOnlyList<string> Attacks, double Epsilon, int PgdSteps,
    double PgdStepSize, int Examples)
{
    /// <summary>FGSM: one signed-gradient step of size ε (Goodfellow et al. 2015).</summary>
    public const string Fgsm = "fgsm";

    /// <summary>L∞ PGD from a uniform random start in the ε-ball (Madry et al. 2018).</summary>
    public const string Pgd = "pgd";

    /// <summary>The attacks a study may name.</summary>
    public static IReadOnlyList<string> AttackNames { get; } = new[] { Fgsm, Pgd };

    /// <summary>Measures nothing.</summary>
    public static readonly RobustnessEvaluation None = new(Array.Empty<string>(), 0, Array.Empty<string>(), 0.3, 40, 0.01, 0);

    /// <summary>Whether anything is measured.</summary>
    public bool IsRequested => Corruptions.Count > 0 || Attacks.Count > 0;
}
