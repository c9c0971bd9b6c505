using Akka.Actor;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Artifacts;

/// <summary>
/// A worker node's side of artifact transfer: fetches a task's inputs from the hub into the node's
/// cache before training (only blobs the node lacks) and uploads the task's own artifacts after it.
/// Any failure throws <see cref="ArtifactTransferException"/>, which the slot treats like a training
/// exception: the attempt fails and the task is retried, on this node or another.
/// </summary>
public sealed class ArtifactClient
{
    private readonly NodeArtifactCache _cache;
    private readonly TimeSpan _timeout;

    /// <summary>A client that keeps what it fetches in <paramref name="cache"/>.</summary>
    public ArtifactClient(NodeArtifactCache cache, TimeSpan? timeout = null)
    {
        _cache = cache;
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>The node's cache.</summary>
    public NodeArtifactCache Cache => _cache;

    /// <summary>Bytes fetched from the hub by this client (blobs the cache already held cost nothing).</summary>
    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    private long _bytesFetched;

    /// <summary>Tasks whose artifacts <paramref name="task"/> reads: every parent (of any trial) and its trial's root.</summary>
    public static IReadOnlyList<string> InputsOf(TaskSpec task) => task.InputTaskIds;

    /// <summary>Makes the inputs of <paramref name="task"/> present in the node's cache and clears its own folder.</summary>
    public async Task FetchInputsAsync(TaskSpec task, IActorRef hub, CancellationToken cancellation)
    {
        _cache.Clear(task.Study, task.TaskId);
        foreach (var input in InputsOf(task))
        {
            ArtifactManifest manifest;
            try { manifest = await AskAsync<ArtifactManifest>(hub, new GetManifest(input), input, cancellation).ConfigureAwait(false); }
            catch (ArtifactTransferException e) when (e.Missing)
            {
                throw new MissingInputException($"input {input} of task {task.TaskId} ({task.Method} {task.Branch}, round {task.Round}) has no artifacts at the coordinator: " +
                                                "the task was started before a task it reads had completed — a scheduling bug, not this node's fault", e);
            }
            foreach (var entry in manifest.Entries.Where(e => !_cache.HasBlob(e.Sha256)))
                await FetchBlobAsync(hub, input, entry, cancellation).ConfigureAwait(false);
            _cache.Materialize(task.Study, input, manifest.Entries);
        }
    }

    /// <summary>Uploads what <paramref name="task"/> wrote; returns once the hub holds it durably.</summary>
    public async Task UploadAsync(TaskSpec task, IActorRef hub, CancellationToken cancellation)
    {
        var entries = _cache.Register(task.Study, task.TaskId);
        if (entries.Count == 0) return;
        var upload = Guid.NewGuid().ToString("N");
        var needs = await AskAsync<UploadNeeds>(hub, new BeginUpload(task.TaskId, upload, entries), task.TaskId, cancellation).ConfigureAwait(false);
        var buffer = new byte[ArtifactHubActor.MaxChunkBytes];
        foreach (var name in needs.Names)
        {
            var entry = entries.First(e => e.Name == name);
            await using var file = File.OpenRead(_cache.BlobPath(entry.Sha256));
            long offset = 0;
            do
            {
                var n = await file.ReadAsync(buffer, cancellation).ConfigureAwait(false);
                await AskAsync<ChunkWritten>(hub, new WriteChunk(task.TaskId, upload, name, offset, buffer[..n]), task.TaskId, cancellation).ConfigureAwait(false);
                offset += n;
            } while (offset < entry.Length);
        }
        await AskAsync<UploadCommitted>(hub, new CommitUpload(task.TaskId, upload, entries), task.TaskId, cancellation).ConfigureAwait(false);
    }

    private async Task FetchBlobAsync(IActorRef hub, string taskId, ArtifactEntry entry, CancellationToken cancellation)
    {
        var tmp = _cache.NewTempBlob();
        try
        {
            await using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                long offset = 0;
                while (true)
                {
                    var chunk = await AskAsync<ArtifactChunk>(hub, new ReadChunk(taskId, entry.Name, entry.Sha256, offset, ArtifactHubActor.MaxChunkBytes), taskId, cancellation).ConfigureAwait(false);
                    if (chunk.Offset != offset) throw new ArtifactTransferException($"artifact '{entry.Name}' of task {taskId}: chunk at {chunk.Offset}, expected {offset}");
                    await file.WriteAsync(chunk.Data, cancellation).ConfigureAwait(false);
                    offset += chunk.Data.Length;
                    Interlocked.Add(ref _bytesFetched, chunk.Data.Length);
                    if (chunk.Last) break;
                    if (chunk.Data.Length == 0) throw new ArtifactTransferException($"artifact '{entry.Name}' of task {taskId}: empty chunk before the end");
                }
            }
            _cache.AddBlob(tmp, entry);
        }
        catch (InvalidDataException e)
        {
            throw new ArtifactTransferException(e.Message, e);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private async Task<T> AskAsync<T>(IActorRef hub, object message, string taskId, CancellationToken cancellation)
    {
        object answer;
        try { answer = await hub.Ask<object>(message, _timeout, cancellation).ConfigureAwait(false); }
        catch (AskTimeoutException e)
        {
            throw new ArtifactTransferException($"the artifact hub did not answer {message.GetType().Name} for task {taskId} within {_timeout.TotalSeconds:0} s", e);
        }
        return answer switch
        {
            T ok => ok,
            ArtifactRequestFailed f => throw new ArtifactTransferException($"artifact hub: {f.Reason}") { Missing = f.Missing },
            _ => throw new ArtifactTransferException($"artifact hub answered {message.GetType().Name} with {answer.GetType().Name}"),
        };
    }
}

/// <summary>Artifacts could not be moved between this node and the hub; the attempt is retried.</summary>
public sealed class ArtifactTransferException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ArtifactTransferException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>The hub holds no artifacts of the task asked for.</summary>
    public bool Missing { get; init; }
}
