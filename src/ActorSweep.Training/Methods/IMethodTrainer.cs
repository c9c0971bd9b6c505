using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods;

/// <summary>
/// Trains the tasks of one method, registered under the name of Core's method definition. The runner
/// supplies the frame (<see cref="TaskContext"/>) and turns the returned network into artifacts and a row.
/// </summary>
public interface IMethodTrainer
{
    /// <summary>The method's name, as in Core's <c>MethodRegistry</c>.</summary>
    string Method { get; }

    /// <summary>Trains the context's task; the returned model is disposed by the caller.</summary>
    TrainedTask Train(TaskContext context);
}
