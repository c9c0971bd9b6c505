using System.Security.Cryptography;
using System.Text.Json;
using ActorSweep.Core.IO;

namespace ActorSweep.Cluster.Artifacts;

/// <summary>
/// A task's artifact folder on disk: its files plus <c>manifest.json</c> (name → SHA-256, length),
/// written last, so a folder with a manifest is complete. Pure file logic, shared by the hub and the
/// worker's cache.
/// </summary>
public static class ArtifactFiles
{
    /// <summary>The manifest's file name inside a task's artifact folder.</summary>
    public const string ManifestName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>SHA-256 of a file as lower-case hex.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The artifact files of a folder (not the manifest, not temporary files), hashed.</summary>
    public static IReadOnlyList<ArtifactEntry> Scan(string dir)
    {
        if (!Directory.Exists(dir)) return Array.Empty<ArtifactEntry>();
        return Directory.GetFiles(dir)
            .Where(f => IsArtifactName(Path.GetFileName(f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new ArtifactEntry(Path.GetFileName(f), Sha256Of(f), new FileInfo(f).Length))
            .ToList();
    }

    /// <summary>True for a plain artifact name: no path, not the manifest, not a temporary file.</summary>
    public static bool IsArtifactName(string name) =>
        name.Length > 0 && name == Path.GetFileName(name) && name is not ("." or "..") && name != ManifestName
        && !name.EndsWith(".tmp", StringComparison.Ordinal) && !name.EndsWith(".part", StringComparison.Ordinal);

    /// <summary>The folder's manifest, or null when it has none (incomplete, or written by a local slot).</summary>
    public static IReadOnlyList<ArtifactEntry>? ReadManifest(string dir)
    {
        var path = Path.Combine(dir, ManifestName);
        if (!File.Exists(path)) return null;
        return JsonSerializer.Deserialize<List<ArtifactEntry>>(File.ReadAllText(path), Json)
               ?? throw new InvalidDataException($"{path}: expected a JSON list of artifact entries");
    }

    /// <summary>True when a file of the folder was written after its manifest, or the listed files differ.</summary>
    public static bool ChangedSince(string dir, IReadOnlyList<ArtifactEntry> manifest)
    {
        var written = File.GetLastWriteTimeUtc(Path.Combine(dir, ManifestName));
        var files = Directory.GetFiles(dir).Where(f => IsArtifactName(Path.GetFileName(f))).ToList();
        if (files.Count != manifest.Count) return true;
        foreach (var f in files)
        {
            var entry = manifest.FirstOrDefault(e => e.Name == Path.GetFileName(f));
            if (entry is null || new FileInfo(f).Length != entry.Length || File.GetLastWriteTimeUtc(f) > written) return true;
        }
        return false;
    }

    /// <summary>Writes the manifest durably (temp file, fsync, rename, fsync of the folder).</summary>
    public static void WriteManifest(string dir, IReadOnlyList<ArtifactEntry> entries)
    {
        var path = Path.Combine(dir, ManifestName);
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var f = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(f, entries, Json);
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        DirectorySync.Sync(dir);
    }

    /// <summary>Moves a verified file into place durably (fsync of the file, rename, fsync of the folder).</summary>
    public static void Publish(string source, string destination)
    {
        using (var f = new FileStream(source, FileMode.Open, FileAccess.ReadWrite)) f.Flush(flushToDisk: true);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(source, destination, overwrite: true);
        DirectorySync.Sync(Path.GetDirectoryName(destination)!);
    }

    /// <summary>Throws unless <paramref name="taskId"/> is a plain folder name (ids come from other nodes).</summary>
    public static void CheckTaskId(string taskId)
    {
        if (taskId.Length == 0 || taskId.Length > 128 || !taskId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"'{taskId}' is not a task id");
    }
}
