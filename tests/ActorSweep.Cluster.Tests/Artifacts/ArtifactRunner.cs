using System.Collections.Concurrent;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Artifacts;

/// <summary>
/// A runner that trains nothing but behaves like the trainer towards artifacts: it reads its
/// parent's and root's <c>weights</c> from the node cache's layout (failing if they are missing or
/// not the bytes their task wrote) and writes its own — a few MiB for about half the tasks, so that
/// transfers span several chunks.
/// </summary>
public sealed class ArtifactRunner(NodeArtifactCache cache) : ITaskRunner
{
    public ConcurrentBag<string> Ran { get; } = new();

    /// <summary>Every run waits for this first (lets a test hold a node's slot until another node is up).</summary>
    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    /// <summary>How long each run takes.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The bytes task <paramref name="taskId"/> writes: deterministic, distinct per task.</summary>
    public static byte[] ContentOf(string taskId)
    {
        var bytes = new byte[taskId[0] < '8' ? 2_500_000 + 17 : 40_000];
        // string.GetHashCode is randomised per process; derive the seed from the id's characters.
        var seed = taskId.Aggregate(17, (h, c) => unchecked(h * 31 + c));
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
    {
        Gate.Wait(cancellation);
        cancellation.WaitHandle.WaitOne(Duration);
        var layout = cache.LayoutOf(task.Study);
        foreach (var input in ArtifactClient.InputsOf(task))
        {
            var path = layout.Artifact(input, "weights");
            if (!File.Exists(path)) throw new FileNotFoundException($"input {input} missing on this node", path);
            if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(ContentOf(input))) throw new InvalidDataException($"input {input} has the wrong bytes");
        }
        var own = layout.Artifact(task.TaskId, "weights");
        Directory.CreateDirectory(Path.GetDirectoryName(own)!);
        File.WriteAllBytes(own + ".tmp", ContentOf(task.TaskId));
        File.Move(own + ".tmp", own, overwrite: true);
        Ran.Add(task.TaskId);
        return new TaskResult(1, 10, 10, 1, 0.9, 0.9, 0.9, 1, 0.01, "cpu", Array.Empty<CurvePoint>());
    }
}
