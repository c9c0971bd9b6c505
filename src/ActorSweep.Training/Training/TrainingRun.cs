using ActorSweep.Core.Tasks;

namespace ActorSweep.Training.Training;

/// <summary>One call of the training loop: where it starts, which data order it sees, whom it reports to, its hooks.</summary>
/// <param name="TaskId">The task, for progress messages.</param>
/// <param name="StartIteration">0, or k when rewound to θ_k (the schedule continues from k).</param>
/// <param name="DataOrder">The data-order stream (see <see cref="Randomness.RandomStreams"/>).</param>
/// <param name="Progress">Receives progress.</param>
/// <param name="Cancellation">Stops the run between iterations.</param>
public sealed record TrainingRun(string TaskId, int StartIteration, ulong DataOrder, Action<TaskProgress> Progress, CancellationToken Cancellation)
{
    /// <summary>The method's hooks.</summary>
    public TrainingHooks Hooks { get; init; } = TrainingHooks.None;
}
