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

    /// <summary>
    /// The random streams of this method's own (declared in its folder with <see cref="Randomness.RandomStreams.Derive(Randomness.StreamPurpose, int, int)"/>);
    /// a test checks that no two purposes of the build share a number.
    /// </summary>
    IReadOnlyList<Randomness.StreamPurpose> Streams { get; }

    /// <summary>Trains the context's task; the returned model is disposed by the caller.</summary>
    TrainedTask Train(TaskContext context);
}
