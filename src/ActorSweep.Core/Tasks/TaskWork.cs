using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tasks;

/// <summary>
/// The expected work of a training task, in millions of multiply-adds, for the scheduler's critical path: a training
/// step costs about three forward passes per example (forward, and backward for activations and weights), an
/// evaluation one forward pass per validation example. Only the ratios between tasks matter.
/// </summary>
public static class TaskWork
{
    /// <summary>Multiply-adds per example assumed when the build does not say (every model then costs the same).</summary>
    public const double UnknownModelCost = 1e6;

    /// <summary>Work of a task that trains with <paramref name="training"/> a model of <paramref name="multiplyAdds"/> per example.</summary>
    public static long Estimate(TrainingHparams training, double multiplyAdds)
    {
        var examples = 3.0 * training.Iterations * training.BatchSize + (training.Iterations / (double)training.EvalEvery + 1) * training.ValidationSize;
        return Math.Max(1, (long)Math.Round(examples * multiplyAdds / 1e6));
    }
}
