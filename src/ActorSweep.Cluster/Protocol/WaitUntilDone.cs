namespace ActorSweep.Cluster.Protocol;

/// <summary>Answered with the final <see cref="StudyStatus"/> once every result is durable.</summary>
public sealed record WaitUntilDone
{
    /// <summary>The single instance.</summary>
    public static readonly WaitUntilDone Instance = new();
}
