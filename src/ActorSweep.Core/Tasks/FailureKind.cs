namespace ActorSweep.Core.Tasks;

/// <summary>Whose fault a failed attempt was, which decides what happens next.</summary>
public enum FailureKind
{
    /// <summary>Maybe the task's, maybe bad luck: retried up to the attempt limit.</summary>
    Retryable,

    /// <summary>The task's, and would happen on every attempt (NaN loss, invalid argument, shape mismatch): failed at once.</summary>
    Deterministic,

    /// <summary>The node's (<see cref="NodeFault"/>): re-queued without counting an attempt; the node may be taken out of service.</summary>
    Node,
}
