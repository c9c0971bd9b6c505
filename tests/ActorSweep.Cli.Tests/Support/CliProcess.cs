using System.Diagnostics;
using System.Text;

namespace ActorSweep.Cli.Tests.Support;

/// <summary>Runs the real <c>actorsweep</c> CLI of this build in a child process and collects its output.</summary>
public static class CliProcess
{
    /// <summary>
    /// Environment that pins libtorch's CPU kernels to AVX2 (and one thread), so that rows are bit-identical on
    /// any x86-64 machine with AVX2: the fixtures of release 1 were made under it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PinnedKernels = new Dictionary<string, string>
    {
        ["ATEN_CPU_CAPABILITY"] = "avx2",
        ["MKL_CBWR"] = "AVX2",
        ["ONEDNN_MAX_CPU_ISA"] = "AVX2",
        ["OMP_NUM_THREADS"] = "1",
    };

    /// <summary>Runs the CLI with <paramref name="args"/>; returns its exit code and output.</summary>
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actorsweep.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? PinnedKernels) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        var errors = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try { await p.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"actorsweep {string.Join(' ', args)} did not finish in time; output:\n{output}\n{errors}");
        }
        return (p.ExitCode, output.ToString(), errors.ToString());
    }
}
