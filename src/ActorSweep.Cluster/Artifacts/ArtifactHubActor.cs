using Akka.Actor;
using Akka.Event;

namespace ActorSweep.Cluster.Artifacts;

/// <summary>
/// Serves and receives a study's artifacts on the coordinator's node, so workers on other machines
/// need no shared filesystem. The study folder's <c>artifacts/&lt;task&gt;/</c> stays the one durable
/// copy (resume reads it); uploads are staged under <c>artifacts/.incoming/</c>, verified against
/// their SHA-256 and published with fsync + rename before <see cref="UploadCommitted"/>.
/// </summary>
/// <remarks>
/// A folder without a manifest was written by a slot on this node (shared folder): its manifest is
/// computed on first request and stored, and computed again if a local slot rewrote the files since. Staged uploads of a worker that died are deleted when the
/// hub starts and when an upload of the same task begins.
/// </remarks>
public sealed class ArtifactHubActor : ReceiveActor
{
    /// <summary>The largest chunk the hub sends or accepts (well under the remoting frame size).</summary>
    public const int MaxChunkBytes = 1 << 20;

    private readonly string _root;
    private readonly string _incoming;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Serves the artifacts under <paramref name="artifactsRoot"/>.</summary>
    public ArtifactHubActor(string artifactsRoot)
    {
        _root = Path.GetFullPath(artifactsRoot);
        _incoming = Path.Combine(_root, ".incoming");
        Receive<GetManifest>(m => Reply(m.TaskId, () => new ArtifactManifest(m.TaskId, ManifestOf(m.TaskId))));
        Receive<ReadChunk>(m => Reply(m.TaskId, () => Read(m)));
        Receive<BeginUpload>(m => Reply(m.TaskId, () => Begin(m)));
        Receive<WriteChunk>(m => Reply(m.TaskId, () => Write(m)));
        Receive<CommitUpload>(m => Reply(m.TaskId, () => Commit(m)));
    }

    /// <summary>Props for the hub of a study's artifacts folder.</summary>
    public static Props Props(string artifactsRoot) => Akka.Actor.Props.Create(() => new ArtifactHubActor(artifactsRoot));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Directory.CreateDirectory(_root);
        if (Directory.Exists(_incoming)) Directory.Delete(_incoming, recursive: true);
    }

    private void Reply(string taskId, Func<object> handle)
    {
        object answer;
        try
        {
            ArtifactFiles.CheckTaskId(taskId);
            answer = handle();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            _log.Warning("artifacts of {0}: {1}", taskId, e.Message);
            answer = new ArtifactRequestFailed(taskId, e.Message, e is NoArtifactsException);
        }
        Sender.Tell(answer);
    }

    private string TaskDir(string taskId) => Path.Combine(_root, taskId);

    private IReadOnlyList<ArtifactEntry> ManifestOf(string taskId)
    {
        var dir = TaskDir(taskId);
        var manifest = ArtifactFiles.ReadManifest(dir);
        if (manifest is not null && !ArtifactFiles.ChangedSince(dir, manifest)) return manifest;
        var scanned = ArtifactFiles.Scan(dir);
        if (scanned.Count == 0) throw new NoArtifactsException($"task {taskId} has no artifacts at the coordinator ({dir})");
        ArtifactFiles.WriteManifest(dir, scanned);
        return scanned;
    }

    private ArtifactChunk Read(ReadChunk m)
    {
        var entry = ManifestOf(m.TaskId).FirstOrDefault(e => e.Name == m.Name && e.Sha256 == m.Sha256)
                    ?? throw new IOException($"task {m.TaskId} has no artifact '{m.Name}' with SHA-256 {m.Sha256}");
        var count = (int)Math.Clamp(entry.Length - m.Offset, 0, Math.Min(m.MaxBytes, MaxChunkBytes));
        var data = new byte[count];
        using (var f = File.OpenRead(Path.Combine(TaskDir(m.TaskId), m.Name)))
        {
            f.Position = m.Offset;
            f.ReadExactly(data);
        }
        return new ArtifactChunk(m.Sha256, m.Offset, data, m.Offset + count >= entry.Length);
    }

    private UploadNeeds Begin(BeginUpload m)
    {
        foreach (var e in m.Entries)
            if (!ArtifactFiles.IsArtifactName(e.Name)) throw new ArgumentException($"'{e.Name}' is not an artifact name");
        var staging = Staging(m.TaskId, m.UploadId);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        var held = (ArtifactFiles.ReadManifest(TaskDir(m.TaskId)) ?? Array.Empty<ArtifactEntry>()).ToHashSet();
        return new UploadNeeds(m.TaskId, m.Entries.Where(e => !held.Contains(e)).Select(e => e.Name).ToList());
    }

    private ChunkWritten Write(WriteChunk m)
    {
        if (!ArtifactFiles.IsArtifactName(m.Name)) throw new ArgumentException($"'{m.Name}' is not an artifact name");
        if (m.Data.Length > MaxChunkBytes) throw new ArgumentException($"chunk of {m.Data.Length} bytes exceeds {MaxChunkBytes}");
        var staging = Staging(m.TaskId, m.UploadId);
        if (!Directory.Exists(staging)) throw new IOException($"no upload {m.UploadId} of task {m.TaskId} is open");
        using (var f = new FileStream(Path.Combine(staging, m.Name + ".part"), FileMode.OpenOrCreate, FileAccess.Write))
        {
            if (m.Offset != f.Length) throw new IOException($"chunk of '{m.Name}' at {m.Offset}, expected {f.Length}");
            f.Position = m.Offset;
            f.Write(m.Data);
        }
        return new ChunkWritten(m.TaskId, m.Name, m.Offset + m.Data.Length);
    }

    private UploadCommitted Commit(CommitUpload m)
    {
        var staging = Staging(m.TaskId, m.UploadId);
        var dir = TaskDir(m.TaskId);
        var held = (ArtifactFiles.ReadManifest(dir) ?? Array.Empty<ArtifactEntry>()).ToHashSet();
        var verified = new List<(string Part, string Name)>();
        foreach (var e in m.Entries.Where(e => !held.Contains(e)))
        {
            var part = Path.Combine(staging, e.Name + ".part");
            if (!File.Exists(part)) throw new IOException($"artifact '{e.Name}' of task {m.TaskId} was not uploaded");
            var length = new FileInfo(part).Length;
            var sha = ArtifactFiles.Sha256Of(part);
            if (length != e.Length || sha != e.Sha256)
                throw new InvalidDataException($"artifact '{e.Name}' of task {m.TaskId} arrived as {length} bytes, SHA-256 {sha}; expected {e.Length} bytes, {e.Sha256}");
            verified.Add((part, e.Name));
        }
        // A changed manifest is withdrawn first, so a crash between these steps leaves a folder
        // without a manifest: the hub then rescans the files, which are each complete.
        if (verified.Count > 0 && File.Exists(Path.Combine(dir, ArtifactFiles.ManifestName))) File.Delete(Path.Combine(dir, ArtifactFiles.ManifestName));
        foreach (var (part, name) in verified) ArtifactFiles.Publish(part, Path.Combine(dir, name));
        ArtifactFiles.WriteManifest(dir, m.Entries);
        Directory.Delete(staging, recursive: true);
        return new UploadCommitted(m.TaskId);
    }

    private string Staging(string taskId, string uploadId)
    {
        if (uploadId.Length is 0 or > 64 || !uploadId.All(char.IsAsciiLetterOrDigit)) throw new ArgumentException($"'{uploadId}' is not an upload id");
        return Path.Combine(_incoming, $"{taskId}.{uploadId}");
    }
}

/// <summary>A task's folder at the hub holds no artifact: the task has not completed (or its files were removed).</summary>
internal sealed class NoArtifactsException(string message) : IOException(message);
