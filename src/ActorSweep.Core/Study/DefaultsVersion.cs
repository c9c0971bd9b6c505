namespace ActorSweep.Core.Study;

/// <summary>
/// Which generation of defaults a study runs under. A default that changes results is never applied to a
/// study that started before it: the version is recorded in the study folder when the study starts
/// (<see cref="Layout.DefaultsRecord"/>), travels with every task, and decides both what a key left out of
/// the study file means and how a task trains. Task ids do not depend on it (a resumed study keeps its ids);
/// the <c>defaults_version</c> column tells rows of different versions apart.
/// </summary>
public static class DefaultsVersion
{
    /// <summary>Release 1: inputs only scaled to [0, 1]; global pruning ranks the output layer too; SET/RigL prune every
    /// layer; the random re-init control trains from iteration 0 even when the trial rewinds.</summary>
    public const int Release1 = 1;

    /// <summary>
    /// Release 2: inputs normalised per dataset as open_lth does (<c>training.normalize-inputs</c>); global pruning
    /// leaves the output layer alone where open_lth's model does (<c>method.exclude-output</c>: LeNet, Conv, VGG);
    /// SET/RigL keep the first layer of conv nets dense as rigl's CIFAR code does (<c>method.prune-first-layer</c>);
    /// the random re-init control starts at the rewind point like the ticket (open_lth's randomly_reinitialize).
    /// </summary>
    public const int Release2 = 2;

    /// <summary>
    /// Release 3: the test split is evaluated only at the early-stop iteration and at the end (<c>training.test-curve</c>
    /// = false); the <c>curves</c> dataset's <c>test_accuracy</c> is null at the other points. Trials rows are unchanged.
    /// </summary>
    public const int Release3 = 3;

    /// <summary>
    /// Release 4: the methods follow their authors' code where they did not — sparse_learning's SET starts from a uniform
    /// mask (<c>constant</c>) unless <c>method.distribution</c> says otherwise; asymmetric label noise is each dataset's own
    /// map in he-zh/sparse-double-descent (CIFAR-10's class flips; refused where the reference has none) instead of
    /// MNIST's for every 10-class set; and the other fidelity fixes listed with their options.
    /// </summary>
    public const int Release4 = 4;

    /// <summary>The version new studies start with.</summary>
    public const int Current = Release4;

    /// <summary>Every version this build can run.</summary>
    public static readonly IReadOnlyList<int> All = new[] { Release1, Release2, Release3, Release4 };

    /// <summary>Whether the random re-init control starts at the trial's rewind point (release 2) or at 0 (release 1).</summary>
    public static bool ReinitStartsAtRewind(int version) => version >= Release2;

    /// <summary>Throws unless this build knows <paramref name="version"/>.</summary>
    public static int Check(int version) =>
        All.Contains(version) ? version : throw new ArgumentOutOfRangeException(nameof(version), version, $"defaults version {version} is unknown to this build; known: {string.Join(", ", All)}");
}
