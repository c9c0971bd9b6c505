namespace ActorSweep.Cluster.Artifacts;

// Artifacts (weights, masks) move through the cluster as chunked messages between a worker node and
// the artifact hub on the coordinator's node, addressed by content (SHA-256). A worker fetches the
// inputs of a task (its parent's and its trial root's artifacts) before training and uploads its
// own before it reports success, so a task is completed only once the hub holds its artifacts
// durably in the study folder. Chunks carry raw bytes through ArtifactChunkSerializer.

/// <summary>One artifact file of a task: its name, SHA-256 (lower-case hex) and length in bytes.</summary>
public sealed record ArtifactEntry(string Name, string Sha256, long Length);

/// <summary>Asks the hub which artifacts a task produced.</summary>
public sealed record GetManifest(string TaskId);

/// <summary>The artifacts a task produced.</summary>
public sealed record ArtifactManifest(string TaskId, IReadOnlyList<ArtifactEntry> Entries);

/// <summary>
/// The hub cannot serve or store what was asked; <paramref name="Reason"/> says why. <paramref name="Missing"/>: the task
/// has no artifacts at the coordinator at all (it has not completed) — asked for as an input, that is a scheduling bug,
/// not a fault of the asking node.
/// </summary>
public sealed record ArtifactRequestFailed(string TaskId, string Reason, bool Missing = false);

/// <summary>Asks for up to <paramref name="MaxBytes"/> bytes of one artifact from <paramref name="Offset"/>.</summary>
public sealed record ReadChunk(string TaskId, string Name, string Sha256, long Offset, int MaxBytes);

/// <summary>Bytes of an artifact; <paramref name="Last"/> when they end the file.</summary>
public sealed record ArtifactChunk(string Sha256, long Offset, byte[] Data, bool Last);

/// <summary>A worker offers a task's artifacts; the hub answers with <see cref="UploadNeeds"/>.</summary>
public sealed record BeginUpload(string TaskId, string UploadId, IReadOnlyList<ArtifactEntry> Entries);

/// <summary>The artifacts (by name) whose content the hub does not hold yet.</summary>
public sealed record UploadNeeds(string TaskId, IReadOnlyList<string> Names);

/// <summary>Bytes of an artifact being uploaded, written at <paramref name="Offset"/>.</summary>
public sealed record WriteChunk(string TaskId, string UploadId, string Name, long Offset, byte[] Data);

/// <summary>The hub stored a chunk.</summary>
public sealed record ChunkWritten(string TaskId, string Name, long End);

/// <summary>Every needed chunk was sent: verify and publish the task's artifacts.</summary>
public sealed record CommitUpload(string TaskId, string UploadId, IReadOnlyList<ArtifactEntry> Entries);

/// <summary>The task's artifacts are durable in the study folder.</summary>
public sealed record UploadCommitted(string TaskId);
