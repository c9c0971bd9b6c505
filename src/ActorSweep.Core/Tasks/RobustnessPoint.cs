namespace ActorSweep.Core.Tasks;

/// <summary>
/// A task's accuracy on a shifted test set: a corrupted copy of the test split or its adversarial examples, measured with the
/// weights of one of the points the <c>trials</c> row reads (the <c>robustness</c> dataset).
/// </summary>
/// <param name="Point"><see cref="EarlyStop"/> or <see cref="Final"/>.</param>
/// <param name="Kind"><see cref="Corruption"/> or <see cref="Attack"/>.</param>
/// <param name="Name">The corruption (MNIST-C's name with hyphens) or the attack (fgsm, pgd).</param>
/// <param name="Severity">The corruption's severity 1–5; 0 for a corruption without severities and for attacks.</param>
/// <param name="Epsilon">The attack's L∞ radius in pixels of [0, 1]; null for corruptions.</param>
/// <param name="Steps">PGD's iterations (1 for FGSM); null for corruptions.</param>
/// <param name="Examples">Test images measured.</param>
/// <param name="Accuracy">Accuracy on them, in [0, 1].</param>
public sealed record RobustnessPoint(string Point, string Kind, string Name, int Severity, double? Epsilon, int? Steps, int Examples, double Accuracy)
{
    public const string EarlyStop = "early-stop";
    public const string Final = "final";
    public const string Corruption = "corruption";
    public const string Attack = "attack";
}
