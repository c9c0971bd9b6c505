namespace ActorSweep.Core.Study;

/// <summary>
/// The generation of this build's numbers: bumped by every change that alters any trained figure of any task (a
/// different kernel, loss, data order, metric) whatever the study's <see cref="DefaultsVersion"/>. The task store keys
/// its entries by it, so that a result trained by another generation is never reused, and a coordinator refuses a worker
/// whose build has another one (a cluster upgraded node by node must never mix results). Pinned by the compatibility
/// tests against the release fixtures' rows (<c>tests/Fixtures/results-versions.tsv</c>): a change in their rows without
/// a bump here fails.
/// </summary>
public static class ResultsVersion
{
    /// <summary>The results of releases 1 to 5 (every release so far reproduces release 1's rows bit for bit).</summary>
    public const int Release1 = 1;

    /// <summary>
    /// The controls of a method with a <c>retraining { }</c> block train with its options, like the retrained ticket (the
    /// rows of every study without both are those of <see cref="Release1"/>).
    /// </summary>
    public const int ControlsRetrain = 2;

    /// <summary>This build's results version.</summary>
    public const int Current = ControlsRetrain;
}
