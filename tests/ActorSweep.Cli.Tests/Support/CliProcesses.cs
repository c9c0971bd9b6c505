using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorSweep.Core.Layout;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Tests.Support;

/// <summary>
/// Real <c>actorsweep</c> processes of this build started by a test (coordinators, workers), with everything each
/// prints kept, and stopped — only these, by their ids — when the group is disposed.
/// </summary>
public sealed class CliProcesses : IDisposable
{
    private readonly List<Process> _started = new();
    private readonly Dictionary<int, StringBuilder> _output = new();

    /// <summary>Starts <c>actorsweep</c> with <paramref name="args"/> (one OpenMP thread).</summary>
    public Process Start(params string[] args) => StartWith(null, args);

    /// <summary>Starts <c>actorsweep</c> with <paramref name="args"/> and <paramref name="environment"/> added to this process's (one OpenMP thread).</summary>
    public Process StartWith(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actorsweep.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        var text = new StringBuilder();
        lock (_output) _output[p.Id] = text;
        void Keep(string? line, string stream)
        {
            if (line is null) return;
            lock (text) text.AppendLine($"{stream}: {line}");
            if (stream == "err" || line.Contains("fault", StringComparison.OrdinalIgnoreCase)) TestContext.Progress.WriteLine($"[{args[0]} {p.Id}] {line}");
        }
        p.OutputDataReceived += (_, e) => Keep(e.Data, "out");
        p.ErrorDataReceived += (_, e) => Keep(e.Data, "err");
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _started.Add(p);
        return p;
    }

    /// <summary>What <paramref name="p"/> printed so far, each line prefixed <c>out: </c> or <c>err: </c>.</summary>
    public string OutputOf(Process p)
    {
        StringBuilder text;
        lock (_output) text = _output[p.Id];
        lock (text) return text.ToString();
    }

    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Waits until <paramref name="port"/> accepts connections; fails when <paramref name="owner"/> exits first.</summary>
    public static async Task WaitForPort(int port, Process owner)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.That(owner.HasExited, Is.False, "the coordinator exited early");
            try { using var c = new TcpClient(); await c.ConnectAsync(IPAddress.Loopback, port); return; }
            catch (SocketException) { await Task.Delay(200); }
        }
        Assert.Fail($"nothing listened on port {port}");
    }

    /// <summary>Waits until the study has <paramref name="rows"/> trials rows; fails when <paramref name="coordinator"/> exits first.</summary>
    public static async Task WaitForRows(StudyLayout layout, int rows, Process coordinator)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            Assert.That(coordinator.HasExited, Is.False, "the coordinator exited early");
            if (Directory.Exists(layout.TrialsDir) && ParquetResultStore.ReadTaskIds(layout).Count >= rows) return;
            await Task.Delay(100);
        }
        Assert.Fail($"fewer than {rows} rows after 120 s");
    }

    /// <summary>Stops every process of the group that still runs.</summary>
    public void Dispose()
    {
        foreach (var p in _started)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.Dispose();
        }
        _started.Clear();
    }
}
