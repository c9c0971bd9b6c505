namespace ActorSweep.Core.Tasks;

/// <summary>
/// A failure that would happen again on every attempt (NaN/Inf loss, divergence, a missing
/// parent artifact format): the coordinator records the task failed at once instead of retrying.
/// </summary>
public sealed class DeterministicTaskFailure : Exception
{
    /// <summary>Creates the failure with the reason recorded in the <c>error</c> column.</summary>
    public DeterministicTaskFailure(string reason) : base(reason) { }
}
