using System.Runtime.InteropServices;

namespace ActorSweep.Cli.Console;

/// <summary>
/// SIGINT and SIGTERM as a cancellation: the first one cancels <see cref="Token"/> (the command flushes what it
/// has and leaves, exit 130 or 143); if the process has not ended <see cref="Grace"/> later it exits anyway, so
/// one signal always ends an ActorSweep process within 10 s.
/// </summary>
public sealed class ProcessSignals : IDisposable
{
    /// <summary>How long a command may take to shut down after the first signal.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(8);

    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = new();
    private int _exitCode;

    /// <summary>Handles SIGINT and SIGTERM of this process from now on (where the platform has them).</summary>
    public ProcessSignals()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Trigger(ExitCodes.Interrupted); }));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Trigger(ExitCodes.Terminated); }));
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>True once a signal came.</summary>
    public bool Signalled => _cancel.IsCancellationRequested;

    /// <summary>130 after SIGINT, 143 after SIGTERM.</summary>
    public int ExitCode => _exitCode == 0 ? ExitCodes.Interrupted : _exitCode;

    /// <summary>Acts as if a signal with <paramref name="exitCode"/> came (tests; Ctrl-C in a host without signals).</summary>
    public void Trigger(int exitCode)
    {
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) != 0) return;
        // A signal that lands while the command is already ending (its handler can run after Dispose) changes nothing.
        try { _cancel.Cancel(); }
        catch (ObjectDisposedException) { return; }
        // A thread of its own, not the thread pool: a shutdown that blocks pool threads must not delay the deadline.
        new Thread(() =>
        {
            Thread.Sleep(Grace);
            System.Console.Error.WriteLine($"actorsweep: still running {Grace.TotalSeconds:0} s after the signal; exiting now (results written so far are intact)");
            ExitNow(ExitCode);
        }) { IsBackground = true, Name = "actorsweep-signal-deadline" }.Start();
    }

    // Environment.Exit runs the process-exit handlers (Akka's coordinated shutdown among them), which on a loaded machine
    // can take seconds; past the grace period the process ends at once. Nothing is lost: every result and artifact file
    // is written to a temporary name and renamed, and the journal survives a crash.
    private static void ExitNow(int code)
    {
        System.Console.Error.Flush();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _exit(code);
        Environment.Exit(code);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void _exit(int status);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cancel.Dispose();
    }
}
