using System.Collections.Concurrent;
using ActorSweep.Core.Results;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>A result store that keeps records in memory, for orchestration tests.</summary>
public sealed class InMemoryResultStore : IResultStore
{
    private readonly ConcurrentQueue<TaskRecord> _records = new();

    public IReadOnlyList<TaskRecord> Records => _records.ToList();

    public int Batches { get; private set; }

    public void Write(IReadOnlyList<TaskRecord> records)
    {
        Batches++;
        foreach (var r in records) _records.Enqueue(r);
    }

    public ConcurrentQueue<NodeFaultRecord> Faults { get; } = new();

    public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults)
    {
        foreach (var f in faults) Faults.Enqueue(f);
    }

    public IReadOnlyDictionary<string, string> ExistingRows()
    {
        var rows = new Dictionary<string, string>();
        foreach (var r in _records) rows[r.Spec.TaskId] = r.Status;
        return rows;
    }
}
