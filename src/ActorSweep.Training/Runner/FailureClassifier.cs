using System.Runtime.InteropServices;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Training.Runner;

/// <summary>
/// Turns what training throws into whose fault it was, for the coordinator: the node's (<see cref="NodeFault"/>:
/// out of memory, a lost or failing CUDA device, a native library that will not load, a full disk) — the task
/// runs again elsewhere and the attempt does not count (a fault of the library's, such as TorchSharp's Scalar race, is
/// reported the same way: it is not the task's); the task's own and certain to happen again
/// (<see cref="DeterministicTaskFailure"/>: an invalid argument, a shape mismatch, an option this build does not
/// implement, an input artifact whose checksum fails) — it fails at once; anything else is retried.
/// </summary>
public static class FailureClassifier
{
    /// <summary>The exception to report for <paramref name="error"/> thrown while training on <paramref name="device"/>.</summary>
    public static Exception Classify(Exception error, string device)
    {
        switch (error)
        {
            case DeterministicTaskFailure or NodeFault or OperationCanceledException:
                return error;
            case Artifacts.CorruptArtifactException corrupt:
                // Another attempt reads the same bytes: the reading task fails at once, naming the file.
                return new DeterministicTaskFailure(corrupt.Message);
            case OutOfMemoryException or InsufficientExecutionStackException:
                return new NodeFault($"{device}: out of memory ({error.Message})", error);
            case DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException:
                return new NodeFault($"native library failure: {First(error)}", error);
            case IOException io when io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase):
                return new NodeFault($"disk full: {io.Message}", error);
            case ExternalException ext when IsLibraryRace(ext.Message):
                return new NodeFault($"library fault, not the task's: a TorchSharp Scalar was freed while libtorch read it (dotnet/TorchSharp#1434): {First(ext)}", error);
            case ExternalException ext when IsNodeMessage(ext.Message):
                return new NodeFault($"{device}: {First(ext)}", error);
            case ExternalException ext when IsShapeMessage(ext.Message):
                return new DeterministicTaskFailure($"shape mismatch: {First(ext)}");
            case ArgumentException or NotSupportedException or NotImplementedException:
                return new DeterministicTaskFailure($"{error.GetType().Name}: {First(error)}");
            default:
                return error;
        }
    }

    private static bool IsNodeMessage(string m) =>
        m.Contains("CUDA", StringComparison.Ordinal) || m.Contains("cuda", StringComparison.Ordinal) || m.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
        || m.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase) || m.Contains("DefaultCPUAllocator", StringComparison.Ordinal);

    /// <summary>What libtorch says when it reads a Scalar whose native value was freed under it (the finaliser race).</summary>
    private static bool IsLibraryRace(string m) =>
        m.Contains("c10/core/Scalar.h", StringComparison.Ordinal) || m.Contains("Unknown scalar type", StringComparison.Ordinal);

    private static bool IsShapeMessage(string m) =>
        m.Contains("shape", StringComparison.OrdinalIgnoreCase) || m.Contains("size mismatch", StringComparison.OrdinalIgnoreCase)
        || m.Contains("must match the size", StringComparison.Ordinal) || m.Contains("dimension", StringComparison.OrdinalIgnoreCase);

    private static string First(Exception e) => e.Message.Split('\n')[0];
}
