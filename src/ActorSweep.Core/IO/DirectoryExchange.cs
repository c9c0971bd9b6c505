using System.Runtime.InteropServices;

namespace ActorSweep.Core.IO;

/// <summary>
/// Swaps two folders in one step (Linux <c>renameat2</c> with <c>RENAME_EXCHANGE</c>): a reader that lists either
/// path sees the whole old content or the whole new one, never a mix and never a missing folder. .NET has no API
/// for it, hence libc.
/// </summary>
public static class DirectoryExchange
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    /// <summary>
    /// Exchanges <paramref name="a"/> and <paramref name="b"/> atomically; false (nothing changed) where the system or
    /// file system cannot (not Linux, an old kernel, a file system without the flag).
    /// </summary>
    public static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            if (RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0) return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;   // glibc before 2.28
        }
        var errno = Marshal.GetLastPInvokeError();
        const int enosys = 38, einval = 22, enotsup = 95;
        if (errno is enosys or einval or enotsup) return false;
        throw new IOException($"exchanging {a} and {b} failed (errno {errno})");
    }

    /// <summary>Makes <paramref name="link"/> a second name of the file <paramref name="existing"/> (POSIX <c>link</c>; no data is copied).</summary>
    public static void HardLink(string existing, string link)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("hard links need a POSIX system");
        if (Link(existing, link) != 0) throw new IOException($"linking {link} to {existing} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int RenameAt2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);
}
