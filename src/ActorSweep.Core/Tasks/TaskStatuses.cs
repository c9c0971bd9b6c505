namespace ActorSweep.Core.Tasks;

/// <summary>Final statuses written to the <c>status</c> column; a public format.</summary>
public static class TaskStatuses
{
    /// <summary>Trained to the end.</summary>
    public const string Completed = "completed";

    /// <summary>Failed deterministically, or on every allowed attempt.</summary>
    public const string Failed = "failed";

    /// <summary>Never ran because a task it depends on failed.</summary>
    public const string Skipped = "skipped";
}
