using System.Runtime.InteropServices;

namespace ActorSweep.Core.IO;

/// <summary>
/// fsync of a folder. On Linux a rename is durable only once its folder is synced; .NET has no API
/// for that (a FileStream cannot open a folder), hence libc. Windows journals the rename itself.
/// </summary>
public static class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Flushes <paramref name="dir"/>'s entries to disk; a no-op on Windows.</summary>
    public static void Sync(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(dir, ReadOnly);
        if (fd < 0) throw new IOException($"cannot open {dir} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (FSync(fd) != 0) throw new IOException($"fsync of {dir} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport rather than LibraryImport: the source-generated stubs would need unsafe code enabled.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
