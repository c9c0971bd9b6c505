namespace ActorSweep.Core.Tasks;

/// <summary>A running task's progress, reported by a trainer for the live view.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Iteration">Optimizer steps taken so far.</param>
/// <param name="TotalIterations">Steps the task will take.</param>
/// <param name="ValAccuracy">Latest validation accuracy, if an evaluation has run.</param>
public sealed record TaskProgress(string TaskId, int Iteration, int TotalIterations, double? ValAccuracy);
