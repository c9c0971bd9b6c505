using System.Diagnostics;
using System.Text;

namespace ActorSweep.Cli.Tests.Support;

/// <summary>Runs a program of the repository's tooling (run-cluster.sh, Slurm's commands) and collects its output, stdout and stderr interleaved.</summary>
public static class ScriptProcess
{
    /// <summary>The repository's root (the folder of ActorSweep.sln).</summary>
    public static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ActorSweep.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }

    /// <summary>Runs <paramref name="program"/> in <paramref name="cwd"/> with <paramref name="environment"/> added; fails the test when it outlives <paramref name="timeout"/>.</summary>
    public static (int Code, string Output) Run(string program, IEnumerable<string> args, string cwd, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish within {timeout}:\n{output}");
        }
        p.WaitForExit();
        lock (output) return (p.ExitCode, output.ToString());
    }
}
