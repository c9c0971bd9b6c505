namespace ActorSweep.Core.Tasks;

/// <summary>
/// A finished task as it lands in the <c>trials</c> dataset: the spec, where and when it ran, how it
/// ended, and its metrics when it succeeded.
/// </summary>
/// <param name="Spec">The task.</param>
/// <param name="Status">One of <see cref="TaskStatuses"/>.</param>
/// <param name="Error">Error text when the task failed or was skipped; null when completed.</param>
/// <param name="Attempt">1-based attempt that produced this record.</param>
/// <param name="Node">Cluster address (or host name) of the node that ran it.</param>
/// <param name="StartedAt">UTC start of the attempt.</param>
/// <param name="FinishedAt">UTC end of the attempt.</param>
/// <param name="Result">Metrics; null unless <paramref name="Status"/> is <c>completed</c>.</param>
public sealed record TaskRecord(
    TaskSpec Spec,
    string Status,
    string? Error,
    int Attempt,
    string Node,
    DateTime StartedAt,
    DateTime FinishedAt,
    TaskResult? Result)
{
    /// <summary>
    /// Where a reused task was trained: the study and folder whose task store entry this row copies (the <c>reused_from</c>
    /// column); null for a task trained in this study.
    /// </summary>
    public string? ReusedFrom { get; init; }
}
