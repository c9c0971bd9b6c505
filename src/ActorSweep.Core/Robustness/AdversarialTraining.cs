namespace ActorSweep.Core.Robustness;

/// <summary>
/// Adversarial training (Madry et al. 2018): every training batch is replaced by its adversarial examples — L∞ PGD of
/// <see cref="Steps"/> steps from a uniform random start in the ε-ball, or one FGSM step — before the loss is taken. It
/// costs (steps + 1) forward and backward passes per iteration instead of one. Any method can train this way; with a
/// method's <c>retraining { adversarial { … } }</c> only the retraining of a found mask does (Li et al.'s boosting tickets:
/// the ticket is found by standard training, then trained adversarially).
/// </summary>
/// <param name="Kind">none, fgsm or pgd.</param>
/// <param name="Epsilon">The L∞ radius in pixels of [0, 1].</param>
/// <param name="Steps">PGD's iterations (ignored by FGSM).</param>
/// <param name="StepSize">PGD's step in pixels of [0, 1].</param>
public sealed record AdversarialTraining(string Kind, double Epsilon, int Steps, double StepSize)
{
    /// <summary>Standard training.</summary>
    public const string None = "none";

    /// <summary>The kinds a study may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = new[] { None, RobustnessEvaluation.Fgsm, RobustnessEvaluation.Pgd };

    /// <summary>Standard training.</summary>
    public static readonly AdversarialTraining Off = new(None, 0.3, 40, 0.01);

    /// <summary>Whether batches are attacked.</summary>
    public bool IsOn => Kind != None;

    /// <summary>Forward and backward passes per iteration relative to standard training.</summary>
    public int CostFactor => Kind switch { RobustnessEvaluation.Pgd => Steps + 1, RobustnessEvaluation.Fgsm => 2, _ => 1 };
}
