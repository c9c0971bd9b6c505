using ActorSweep.Core.Methods;
using ActorSweep.Training.Randomness;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods;

/// <summary>
/// A trainer that binds its method's typed options through the method's own Core definition (the same
/// defaults that gave the task its id), once per task.
/// </summary>
/// <typeparam name="TOptions">The method's options record.</typeparam>
public abstract class MethodTrainer<TOptions> : IMethodTrainer
{
    private readonly MethodDefinition<TOptions> _definition;

    /// <summary>A trainer of <paramref name="definition"/>'s method.</summary>
    protected MethodTrainer(MethodDefinition<TOptions> definition) => _definition = definition;

    /// <inheritdoc />
    public string Method => _definition.Name;

    /// <inheritdoc />
    public virtual IReadOnlyList<StreamPurpose> Streams => Array.Empty<StreamPurpose>();

    /// <inheritdoc />
    public TrainedTask Train(TaskContext context) => Train(context, _definition.Bind(context.Task.Hparams, context.Task.DefaultsVersion));

    /// <summary>Trains the task with its bound options.</summary>
    protected abstract TrainedTask Train(TaskContext context, TOptions options);

    /// <summary>The error for a branch this method does not plan (a graph from another build, or a bug).</summary>
    protected NotSupportedException UnknownBranch(TaskContext context) =>
        new($"method {Method} has no task '{context.Task.Branch}' at round {context.Task.Round} (task {context.Task.TaskId})");
}
