namespace ActorSweep.Cluster.Trainer;

/// <summary>Thrown by a slot after reporting a failed attempt, so its supervisor restarts it with back-off.</summary>
public sealed class TrainerSlotException : Exception
{
    /// <summary>Wraps the training error.</summary>
    public TrainerSlotException(string message, Exception inner) : base(message, inner) { }
}
