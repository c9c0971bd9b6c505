using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Protocol;

/// <summary>Records for the result sink to make durable.</summary>
public sealed record WriteRecords(IReadOnlyList<TaskRecord> Records);

/// <summary>Node faults for the sink to make durable (the <c>faults</c> dataset).</summary>
public sealed record WriteFaultRecords(IReadOnlyList<NodeFaultRecord> Faults);

/// <summary>The sink made these records durable (task id and attempt of each).</summary>
public sealed record RecordsWritten(IReadOnlyList<(string TaskId, int Attempt, string Status)> Records);

/// <summary>Write whatever is buffered now; answered with <see cref="Flushed"/>.</summary>
public sealed record FlushResults
{
    /// <summary>The single instance.</summary>
    public static readonly FlushResults Instance = new();
}

/// <summary>Everything buffered before the flush request is durable.</summary>
public sealed record Flushed
{
    /// <summary>The single instance.</summary>
    public static readonly Flushed Instance = new();
}
