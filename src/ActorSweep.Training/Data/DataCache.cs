using System.Diagnostics;
using System.Security.Cryptography;

namespace ActorSweep.Training.Data;

/// <summary>
/// Where datasets live once fetched: <c>$ACTORSWEEP_DATA</c>, else <c>&lt;repo&gt;/.cache/data</c>
/// (git-ignored), else <c>~/.cache/actorsweep/data</c>. Fetches run under a lock file so several
/// worker processes starting at once do not race, and every file is SHA-256 verified.
/// </summary>
public static class DataCache
{
    /// <summary>The cache root.</summary>
    public static string Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("ACTORSWEEP_DATA");
            if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "ActorSweep.sln"))) return Path.Combine(dir.FullName, ".cache", "data");
            }
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "actorsweep", "data");
        }
    }

    /// <summary>
    /// Ensures <paramref name="files"/> (name → SHA-256) exist and verify under <c>Root/name</c>;
    /// otherwise runs <paramref name="fetch"/> into a fresh temporary folder (which must produce the
    /// files under the same names) and moves them in. Returns the dataset's folder.
    /// </summary>
    public static string Ensure(string dataset, IReadOnlyDictionary<string, string> files, Action<string> fetch)
    {
        var dir = Path.Combine(Root, dataset);
        if (AllVerified(dir, files)) return dir;
        Directory.CreateDirectory(Root);
        using var _ = AcquireLock(Path.Combine(Root, dataset + ".lock"));
        if (AllVerified(dir, files)) return dir;
        var tmp = Path.Combine(Root, $".{dataset}.fetch-{Environment.ProcessId}");
        if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        Directory.CreateDirectory(tmp);
        try
        {
            fetch(tmp);
            Directory.CreateDirectory(dir);
            foreach (var (name, sum) in files)
            {
                var src = Path.Combine(tmp, name);
                if (!File.Exists(src)) throw new InvalidDataException($"{dataset}: the fetch did not produce {name}");
                var actual = Sha256(src);
                if (actual != sum) throw new InvalidDataException($"{dataset}: sha256 of {name} is {actual}, expected {sum}; the download is corrupt or not the original release");
                File.Move(src, Path.Combine(dir, name), overwrite: true);
                File.WriteAllText(MarkerPath(dir, name), Marker(Path.Combine(dir, name), sum));
            }
            return dir;
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        }
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>
    /// Runs a tool (with <paramref name="environment"/> added to this process's); a missing tool or a non-zero exit is an
    /// error naming it and its output.
    /// </summary>
    public static void RunTool(string tool, string arguments, string workingDirectory, string purpose, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(tool, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        Process process;
        try { process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{purpose} needs the '{tool}' command, which is not installed or not on PATH ({e.Message})", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{purpose}: '{tool} {arguments}' exited with {process.ExitCode}: {stderr.Trim()} {stdout.Result.Trim()}".Trim());
        }
    }

    private static bool AllVerified(string dir, IReadOnlyDictionary<string, string> files)
    {
        foreach (var (name, sum) in files)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) return false;
            var marker = MarkerPath(dir, name);
            if (File.Exists(marker) && File.ReadAllText(marker) == Marker(path, sum)) continue;
            var actual = Sha256(path);
            if (actual != sum) throw new InvalidDataException($"{path}: sha256 is {actual}, expected {sum}; delete the file and run again to re-fetch it");
            File.WriteAllText(marker, Marker(path, sum));
        }
        return true;
    }

    private static string MarkerPath(string dir, string name) => Path.Combine(dir, name + ".verified");

    private static string Marker(string path, string sum)
    {
        var info = new FileInfo(path);
        return $"{sum} {info.Length} {info.LastWriteTimeUtc.Ticks}";
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(200); }
        }
    }
}
