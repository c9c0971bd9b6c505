namespace ActorSweep.Core.Tasks;

/// <summary>
/// Runs one task to completion on the calling thread. Implemented by the TorchSharp trainer and by
/// test doubles; the actors only ever see this interface, so orchestration is testable without
/// training anything.
/// </summary>
public interface ITaskRunner
{
    /// <summary>
    /// Trains the task, reading its parent's artifacts and writing its own, and returns its metrics.
    /// Throws <see cref="DeterministicTaskFailure"/> for failures a retry cannot fix (NaN loss), any
    /// other exception for failures worth a retry, and <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation);
}
