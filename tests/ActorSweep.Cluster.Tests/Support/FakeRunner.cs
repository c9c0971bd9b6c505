using System.Collections.Concurrent;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>
/// A runner that trains nothing: it reports progress, waits a little and returns metrics derived
/// from the spec. <see cref="FailuresBeforeSuccess"/> makes chosen tasks throw on their first attempts.
/// </summary>
public sealed class FakeRunner : ITaskRunner
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public TimeSpan Duration { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Throw on the first N calls of a task whose round equals the key.</summary>
    public Func<TaskSpec, int> FailuresBeforeSuccess { get; init; } = _ => 0;

    public Func<TaskSpec, bool> Deterministic { get; init; } = _ => false;

    /// <summary>When set, every call fails with a <see cref="NodeFault"/> of this text (a node whose device is gone).</summary>
    public string? NodeFaultMessage { get; init; }

    /// <summary>Calls after this many never finish on their own (they wait for cancellation): a crash test's study cannot end first.</summary>
    public int? HangAfterCalls { get; init; }

    private int _totalCalls;

    public ConcurrentBag<string> Ran { get; } = new();

    public int CallsOf(string taskId) => _calls.GetValueOrDefault(taskId);

    public int Calls => _calls.Values.Sum();

    public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
    {
        var call = _calls.AddOrUpdate(task.TaskId, 1, (_, c) => c + 1);
        progress(new TaskProgress(task.TaskId, 1, 2, 0.5));
        var hang = Interlocked.Increment(ref _totalCalls) > HangAfterCalls;
        cancellation.WaitHandle.WaitOne(hang ? Timeout.InfiniteTimeSpan : Duration);
        cancellation.ThrowIfCancellationRequested();
        if (NodeFaultMessage is not null) throw new NodeFault(NodeFaultMessage);
        if (Deterministic(task)) throw new DeterministicTaskFailure($"loss is NaN at iteration 1 of {task.TaskId}");
        if (call <= FailuresBeforeSuccess(task)) throw new InvalidOperationException($"injected failure {call} of {task.TaskId}");
        Ran.Add(task.TaskId);
        var remaining = Math.Pow(0.8, task.Round);
        return new TaskResult(remaining, 1000, (long)(1000 * remaining), 1, 0.9, 0.91, 0.95, 2, Duration.TotalSeconds, "cpu",
            new[] { new CurvePoint(0, double.NaN, 2.3, 0.1, 0.1), new CurvePoint(2, 0.5, 0.4, 0.9, 0.91) });
    }
}
