using ActorSweep.Core.Layout;

namespace ActorSweep.Cluster.Artifacts;

/// <summary>
/// A worker node's own copy of the artifacts it trains with: content-addressed blobs
/// (<c>blobs/&lt;sha256&gt;</c>, shared by every study and every worker process using the folder) and,
/// per study, the task folders the trainer reads and writes (<c>studies/&lt;study&gt;/artifacts/&lt;task&gt;/</c>),
/// whose files are hard links to the blobs. A blob is fetched once per node however many tasks use it.
/// </summary>
public sealed class NodeArtifactCache
{
    /// <summary>A cache in <paramref name="root"/>.</summary>
    public NodeArtifactCache(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(BlobsDir);
    }

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    private string BlobsDir => Path.Combine(Root, "blobs");

    /// <summary>The study layout the trainer uses on this node (only its artifacts folder is used).</summary>
    public StudyLayout LayoutOf(string study) => StudyLayout.For(Path.Combine(Root, "studies"), study);

    /// <summary>The blob path of a content hash.</summary>
    public string BlobPath(string sha256) => Path.Combine(BlobsDir, sha256);

    /// <summary>True when the blob is here.</summary>
    public bool HasBlob(string sha256) => File.Exists(BlobPath(sha256));

    /// <summary>A fresh temporary file in the blob folder (same filesystem, so it can be renamed into place).</summary>
    public string NewTempBlob() => Path.Combine(BlobsDir, $"{Guid.NewGuid():N}.tmp");

    /// <summary>Verifies a downloaded temporary file and moves it to its blob path.</summary>
    public void AddBlob(string tempFile, ArtifactEntry entry)
    {
        var sha = ArtifactFiles.Sha256Of(tempFile);
        var length = new FileInfo(tempFile).Length;
        if (sha != entry.Sha256 || length != entry.Length)
        {
            File.Delete(tempFile);
            throw new InvalidDataException($"artifact '{entry.Name}' arrived as {length} bytes, SHA-256 {sha}; expected {entry.Length} bytes, {entry.Sha256}");
        }
        File.Move(tempFile, BlobPath(entry.Sha256), overwrite: true);
    }

    /// <summary>Makes a task's folder hold exactly the manifest's files, linked from the blobs.</summary>
    public void Materialize(string study, string taskId, IReadOnlyList<ArtifactEntry> entries)
    {
        var dir = LayoutOf(study).ArtifactDir(taskId);
        if (ArtifactFiles.ReadManifest(dir) is { } current && current.SequenceEqual(entries) && !ArtifactFiles.ChangedSince(dir, current)) return;
        Directory.CreateDirectory(dir);
        foreach (var e in entries)
        {
            var target = Path.Combine(dir, e.Name);
            var tmp = $"{target}.{Guid.NewGuid():N}.tmp";   // unique: worker processes may share a cache
            LinkOrCopy(BlobPath(e.Sha256), tmp);
            File.Move(tmp, target, overwrite: true);
        }
        ArtifactFiles.WriteManifest(dir, entries);
    }

    /// <summary>Hashes a task's freshly trained artifacts, adds them to the blobs, and returns the manifest.</summary>
    public IReadOnlyList<ArtifactEntry> Register(string study, string taskId)
    {
        var dir = LayoutOf(study).ArtifactDir(taskId);
        var entries = ArtifactFiles.Scan(dir);
        foreach (var e in entries)
            if (!HasBlob(e.Sha256))
            {
                var tmp = NewTempBlob();
                LinkOrCopy(Path.Combine(dir, e.Name), tmp);
                File.Move(tmp, BlobPath(e.Sha256), overwrite: true);
            }
        ArtifactFiles.WriteManifest(dir, entries);
        return entries;
    }

    /// <summary>Empties a task's folder before it trains here again.</summary>
    public void Clear(string study, string taskId)
    {
        var dir = LayoutOf(study).ArtifactDir(taskId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private static void LinkOrCopy(string source, string target)
    {
        // Artifacts are never modified in place (always written to a temp file and renamed), so a
        // hard link shares the bytes safely; other filesystems get a copy.
        if (!OperatingSystem.IsWindows() && Link(source, target) == 0) return;
        File.Copy(source, target, overwrite: true);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string oldPath,
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string newPath);
}
