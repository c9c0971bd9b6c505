using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.IO;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using Newtonsoft.Json;

namespace ActorSweep.Cluster.Store;

/// <summary>
/// Trained tasks kept across studies, so that no task is trained twice: per task its result (every dataset row it
/// wrote derives from it) and its artifacts, under a key that means "same result" — the task's
/// <see cref="TaskSpec.ResultKey"/> (its id without the keys that only shape the graph), the defaults version and this
/// build's <see cref="ResultsVersion"/>. Artifacts are stored once by content (<c>blobs/ab/&lt;sha-256&gt;</c>);
/// an entry (<c>tasks/ab/&lt;key&gt;.json</c>) names them with their SHA-256 and carries its result with its own. Every file
/// is written to a temporary name, flushed and renamed, blobs before the entry, so a half-written entry is never
/// visible, and two studies storing the same task at once end with one valid entry. Every read is verified; an entry
/// that fails is reported and ignored (the task is trained).
/// </summary>
public sealed class TaskStore
{
    /// <summary>The format of an entry file; a reader ignores entries of a format it does not know.</summary>
    public const int Format = 1;

    private static readonly JsonSerializerSettings ResultJson = new()
    {
        Converters = { new MeasurementsJsonConverter() },
        FloatFormatHandling = FloatFormatHandling.String,
        Formatting = Formatting.None,
    };

    private static readonly JsonSerializerOptions EntryJson = new() { WriteIndented = true };

    /// <summary>A store in the folder <paramref name="root"/> (created on first write).</summary>
    public TaskStore(string root) => Root = Path.GetFullPath(root);

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <summary>
    /// The store a user gets without <c>--store</c>: <c>$ACTORSWEEP_STORE</c> when set, else <c>actorsweep/store</c> under
    /// <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>. Null when <c>$ACTORSWEEP_STORE</c> is <c>off</c>.
    /// </summary>
    public static string? DefaultRoot()
    {
        var chosen = Environment.GetEnvironmentVariable("ACTORSWEEP_STORE");
        if (!string.IsNullOrEmpty(chosen)) return IsOff(chosen) ? null : chosen;
        return Path.Combine(Hosting.UserCache.Root, "store");
    }

    /// <summary>True for the words that turn the store off (<c>--store off</c>, <c>ACTORSWEEP_STORE=off</c>).</summary>
    public static bool IsOff(string value) => value is "off" or "none";

    /// <summary>The key of <paramref name="spec"/>'s result under the results version <paramref name="resultsVersion"/>.</summary>
    public static string KeyOf(TaskSpec spec, int resultsVersion = ResultsVersion.Current) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"result {ResultKeyOf(spec)}\ndefaults {spec.DefaultsVersion}\nresults {resultsVersion}\n")));

    /// <summary>What decides <paramref name="spec"/>'s result: its <see cref="TaskSpec.ResultKey"/>, or its id for a spec not built by a task graph.</summary>
    public static string ResultKeyOf(TaskSpec spec) => spec.ResultKey ?? $"task {spec.TaskId}";

    /// <summary>Where the entry of <paramref name="key"/> lives.</summary>
    public string EntryPath(string key) => Path.Combine(Root, "tasks", key[..2], key + ".json");

    private string BlobPath(string sha256) => Path.Combine(Root, "blobs", sha256[..2], sha256);

    /// <summary>True when the store has an entry for <paramref name="spec"/> (not yet verified).</summary>
    public bool Contains(TaskSpec spec) => File.Exists(EntryPath(KeyOf(spec)));

    /// <summary>
    /// Puts a completed, trained task into the store: its artifacts from <paramref name="artifactDir"/> (may be absent:
    /// a task without artifacts), its result, and <paramref name="source"/> (study and folder that trained it). An
    /// entry already there and readable is kept (it holds the same result); an unreadable one is replaced.
    /// </summary>
    public void Put(TaskRecord record, string artifactDir, string source)
    {
        if (record.Status != TaskStatuses.Completed || record.Result is null) throw new ArgumentException($"task {record.Spec.TaskId}: only a completed task's result is stored");
        if (record.ReusedFrom is not null) throw new ArgumentException($"task {record.Spec.TaskId} was reused from {record.ReusedFrom}; it is stored there already");
        var key = KeyOf(record.Spec);
        var path = EntryPath(key);
        if (File.Exists(path) && Read(path, record.Spec).Problem is null) return;

        var artifacts = ArtifactFiles.Scan(artifactDir);
        foreach (var a in artifacts) PutBlob(Path.Combine(artifactDir, a.Name), a);
        var result = JsonConvert.SerializeObject(record.Result, ResultJson);
        var entry = new StoreEntry(Format, record.Spec.TaskId, ResultKeyOf(record.Spec), record.Spec.DefaultsVersion, ResultsVersion.Current, source, record.Node,
            record.StartedAt, record.FinishedAt, result, Sha256(result), artifacts);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var f = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
        {
            System.Text.Json.JsonSerializer.Serialize(f, entry, EntryJson);
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        DirectorySync.Sync(Path.GetDirectoryName(path)!);
    }

    /// <summary>
    /// Looks <paramref name="spec"/> up and, when a valid entry is there, copies its artifacts (verified) into
    /// <paramref name="artifactDir"/> and returns its row for this study (<see cref="TaskRecord.ReusedFrom"/> set).
    /// </summary>
    public StoreLookup Reuse(TaskSpec spec, string artifactDir)
    {
        var path = EntryPath(KeyOf(spec));
        if (!File.Exists(path)) return StoreLookup.Missing;
        var (entry, result, problem) = Read(path, spec);
        if (problem is not null) return StoreLookup.Unusable(problem);
        foreach (var a in entry!.Artifacts)
            if (CopyOut(path, a, artifactDir) is { } failed) return StoreLookup.Unusable(failed);
        if (entry.Artifacts.Count > 0) ArtifactFiles.WriteManifest(artifactDir, entry.Artifacts);
        var record = new TaskRecord(spec, TaskStatuses.Completed, null, 1, entry.Node, entry.StartedAt, entry.FinishedAt, result) { ReusedFrom = entry.Source };
        return new StoreLookup(StoreLookupOutcome.Reused, record, null);
    }

    /// <summary>
    /// Checks the artifacts of <paramref name="spec"/> in a study folder (<paramref name="artifactDir"/>) against the store's
    /// entry and puts back, from the store's verified copies, every file that differs or is missing — only when the entry's
    /// files are the very files the folder got (<paramref name="source"/>: the entry was stored from this folder, or the task
    /// was reused from it); a task this folder trained while another study stored its own copy is left alone (on another
    /// CPU its bytes may differ in the last bits). Returns the names of the files put back; <paramref name="problem"/> says
    /// why an entry could not be used.
    /// </summary>
    public IReadOnlyList<string> Repair(TaskSpec spec, string artifactDir, Func<string, bool> source, out string? problem)
    {
        problem = null;
        var path = EntryPath(KeyOf(spec));
        if (!File.Exists(path)) return Array.Empty<string>();
        var (entry, _, readProblem) = Read(path, spec);
        if (readProblem is not null) { problem = readProblem; return Array.Empty<string>(); }
        if (!source(entry!.Source)) return Array.Empty<string>();
        var repaired = new List<string>();
        foreach (var a in entry.Artifacts)
        {
            var file = Path.Combine(artifactDir, a.Name);
            if (ArtifactFiles.IsArtifactName(a.Name) && File.Exists(file) && new FileInfo(file).Length == a.Length && ArtifactFiles.Sha256Of(file) == a.Sha256) continue;
            if (CopyOut(path, a, artifactDir) is { } failed) problem = failed;
            else repaired.Add(a.Name);
        }
        if (repaired.Count > 0) ArtifactFiles.WriteManifest(artifactDir, entry.Artifacts);
        return repaired;
    }

    /// <summary>
    /// Copies the blob of <paramref name="artifact"/> (an artifact of the entry at <paramref name="entryPath"/>) into
    /// <paramref name="artifactDir"/> under its name, verifying the copy's SHA-256 before publishing it; null when done,
    /// else why not (a corrupt copy never lands).
    /// </summary>
    private string? CopyOut(string entryPath, ArtifactEntry artifact, string artifactDir)
    {
        if (!ArtifactFiles.IsArtifactName(artifact.Name) || !IsSha256(artifact.Sha256))
            return $"{entryPath}: '{artifact.Name}' ({artifact.Sha256}) is not an artifact name with a SHA-256";
        var blob = BlobPath(artifact.Sha256);
        if (!File.Exists(blob)) return $"{entryPath}: artifact '{artifact.Name}' ({blob}) is missing";
        try
        {
            return CopyVerified(blob, Path.Combine(artifactDir, artifact.Name), artifact) is { } sha
                ? $"{entryPath}: artifact '{artifact.Name}' ({blob}) fails its checksum (SHA-256 {sha}, expected {artifact.Sha256})"
                : null;
        }
        catch (IOException e)
        {
            return $"{entryPath}: copying artifact '{artifact.Name}' into {artifactDir} failed: {e.Message}";
        }
    }

    /// <summary>Reads and checks an entry: its format, its key's parts, its result's checksum, and that its result parses.</summary>
    private static (StoreEntry? Entry, TaskResult? Result, string? Problem) Read(string path, TaskSpec spec)
    {
        StoreEntry? entry;
        try
        {
            entry = System.Text.Json.JsonSerializer.Deserialize<StoreEntry>(File.ReadAllBytes(path), EntryJson);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            return Fail($"{path} cannot be read: {e.Message}");
        }
        if (entry is null || entry.Result is null || entry.Artifacts is null) return Fail($"{path} is empty or incomplete");
        if (entry.Format != Format) return Fail($"{path} has format {entry.Format}; this build reads format {Format}");
        if (entry.ResultsVersion != ResultsVersion.Current)
            return Fail($"{path} holds results version {entry.ResultsVersion}; this build computes results version {ResultsVersion.Current}");
        if (entry.ResultKey != ResultKeyOf(spec) || entry.DefaultsVersion != spec.DefaultsVersion)
            return Fail($"{path} holds the result of another task ({entry.TaskId}, defaults {entry.DefaultsVersion}) than {spec.TaskId} (defaults {spec.DefaultsVersion})");
        if (Sha256(entry.Result) != entry.ResultSha256) return Fail($"{path}: its result fails its checksum");
        TaskResult? result;
        try
        {
            result = JsonConvert.DeserializeObject<TaskResult>(entry.Result, ResultJson);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return Fail($"{path}: its result cannot be read: {e.Message}");
        }
        return result is null ? Fail($"{path}: its result is empty") : (entry, result, null);
    }

    private void PutBlob(string file, ArtifactEntry artifact)
    {
        var blob = BlobPath(artifact.Sha256);
        if (File.Exists(blob) && new FileInfo(blob).Length == artifact.Length) return;
        if (CopyVerified(file, blob, artifact) is { } sha) throw new IOException($"{file} changed while it was being stored (SHA-256 {sha}, was {artifact.Sha256})");
    }

    /// <summary>
    /// Copies <paramref name="source"/> to a temporary beside <paramref name="destination"/>, and publishes it there only when the
    /// copy has <paramref name="artifact"/>'s SHA-256 and length; else deletes it and returns the SHA-256 it had (null when published).
    /// </summary>
    private static string? CopyVerified(string source, string destination, ArtifactEntry artifact)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var tmp = $"{destination}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.Copy(source, tmp);
            var sha = ArtifactFiles.Sha256Of(tmp);
            if (sha == artifact.Sha256 && new FileInfo(tmp).Length == artifact.Length)
            {
                ArtifactFiles.Publish(tmp, destination);
                return null;
            }
            File.Delete(tmp);
            return sha;
        }
        catch
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            throw;
        }
    }

    private static (StoreEntry?, TaskResult?, string?) Fail(string problem) => (null, null, problem);

    /// <summary>True for 64 lower-case hex digits (an entry's blob names come from its file: never a path).</summary>
    private static bool IsSha256(string value) => value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>One entry file of the <see cref="TaskStore"/> (a persisted format: add fields, never rename them).</summary>
/// <param name="Format"><see cref="TaskStore.Format"/>.</param>
/// <param name="TaskId">The task that was trained (a study that reuses it may know it under another id: see <paramref name="ResultKey"/>).</param>
/// <param name="ResultKey">What decides its result (<see cref="TaskSpec.ResultKey"/>).</param>
/// <param name="DefaultsVersion">The defaults it trained under.</param>
/// <param name="ResultsVersion">The results version of the build that trained it.</param>
/// <param name="Source">The study and folder that trained it (the <c>reused_from</c> of rows that copy it).</param>
/// <param name="Node">The node that trained it.</param>
/// <param name="StartedAt">When its training started (UTC).</param>
/// <param name="FinishedAt">When it ended (UTC).</param>
/// <param name="Result">The task's result as JSON (doubles in round-trip form).</param>
/// <param name="ResultSha256">SHA-256 of <paramref name="Result"/>'s UTF-8 bytes.</param>
/// <param name="Artifacts">Its artifacts: name, SHA-256 (the blob's name), length.</param>
public sealed record StoreEntry(int Format, string TaskId, string ResultKey, int DefaultsVersion, int ResultsVersion, string Source, string Node,
    DateTime StartedAt, DateTime FinishedAt, string Result, string ResultSha256, IReadOnlyList<ArtifactEntry> Artifacts);

/// <summary>What a store lookup found.</summary>
public enum StoreLookupOutcome
{
    /// <summary>No entry for the task.</summary>
    Missing,

    /// <summary>An entry that fails a check: ignored, the task is trained.</summary>
    Unusable,

    /// <summary>A valid entry: its artifacts are in the study folder, its row is <see cref="StoreLookup.Record"/>.</summary>
    Reused,
}

/// <summary>The answer of <see cref="TaskStore.Reuse"/>.</summary>
/// <param name="Outcome">What was found.</param>
/// <param name="Record">The row for this study when <see cref="StoreLookupOutcome.Reused"/>.</param>
/// <param name="Problem">Why an entry is unusable.</param>
public sealed record StoreLookup(StoreLookupOutcome Outcome, TaskRecord? Record, string? Problem)
{
    /// <summary>No entry.</summary>
    public static readonly StoreLookup Missing = new(StoreLookupOutcome.Missing, null, null);

    /// <summary>An entry ignored because of <paramref name="problem"/>.</summary>
    public static StoreLookup Unusable(string problem) => new(StoreLookupOutcome.Unusable, null, problem);
}
