using System.Text.Json;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// One coordinator per study folder: an exclusive lock on <c>coordinator.lock</c> (an OS file lock, so it dies
/// with its process, however that ends) and, next to it, <c>coordinator.json</c> saying who holds it — host,
/// process id and cluster address — for the error a second coordinator gets and for <c>status</c>.
/// (A PostgreSQL journal adds a server-side lock: <see cref="JournalSettings.PostgreSql.Lock"/>.)
/// </summary>
public sealed class StudyLock : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly FileStream _lock;
    private readonly StudyLayout _layout;

    private StudyLock(FileStream held, StudyLayout layout)
    {
        _lock = held;
        _layout = layout;
    }

    /// <summary>Takes the folder's lock, or throws <see cref="StudyLockedException"/> naming the live coordinator.</summary>
    public static StudyLock Acquire(StudyLayout layout)
    {
        Directory.CreateDirectory(layout.Root);
        try
        {
            var held = new FileStream(layout.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new StudyLock(held, layout);
        }
        catch (IOException)
        {
            throw new StudyLockedException(layout, Owner(layout));
        }
    }

    /// <summary>The coordinator that holds the folder's lock, or null when none runs (a stale record is ignored).</summary>
    public static CoordinatorOwner? LiveOwner(StudyLayout layout)
    {
        if (!File.Exists(layout.LockFile)) return null;
        try
        {
            using var probe = new FileStream(layout.LockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return null;   // nobody holds it
        }
        catch (IOException)
        {
            return Owner(layout) ?? new CoordinatorOwner("?", 0, "?", DateTime.MinValue);
        }
    }

    /// <summary>Who last said it held the lock: the live coordinator, or one that died without releasing it (kill -9); null when none said.</summary>
    public static CoordinatorOwner? LastOwner(StudyLayout layout) => Owner(layout);

    /// <summary>
    /// Takes the folder's lock, waiting up to <paramref name="wait"/> for a coordinator that is going away to let go of it
    /// (a standby that has just won the journal lock: the dead process's file lock goes with it, on a shared file system a
    /// moment later).
    /// </summary>
    public static async Task<StudyLock> AcquireWaitingAsync(StudyLayout layout, TimeSpan wait, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try { return Acquire(layout); }
            catch (StudyLockedException) when (DateTime.UtcNow < deadline) { await Task.Delay(500, cancellation).ConfigureAwait(false); }
        }
    }

    /// <summary>Records who holds the lock (written once the node's address is known).</summary>
    public void Describe(string address)
    {
        var owner = new CoordinatorOwner(Environment.MachineName, Environment.ProcessId, address, DateTime.UtcNow);
        var tmp = _layout.CoordinatorFile + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(owner, Json));
        File.Move(tmp, _layout.CoordinatorFile, overwrite: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { File.Delete(_layout.CoordinatorFile); } catch (IOException) { }
        _lock.Dispose();
    }

    private static CoordinatorOwner? Owner(StudyLayout layout)
    {
        try { return File.Exists(layout.CoordinatorFile) ? JsonSerializer.Deserialize<CoordinatorOwner>(File.ReadAllText(layout.CoordinatorFile)) : null; }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }
}

/// <summary>Who runs a study's coordinator: host, process id, cluster address, since when (UTC).</summary>
public sealed record CoordinatorOwner(string Host, int Pid, string Address, DateTime Since)
{
    /// <summary>The cluster address to join to reach this coordinator; null until it has said it (while it starts).</summary>
    public string? SeedAddress => Address.Contains('@') ? Address : null;

    /// <summary>"pid 1234 on vm-1, akka.tcp://actorsweep@127.0.0.1:4053, since 12:00:00 UTC".</summary>
    public override string ToString() => $"pid {Pid} on {Host}, {Address}{(Since == DateTime.MinValue ? "" : $", since {Since:yyyy-MM-dd HH:mm:ss} UTC")}";
}

/// <summary>The study folder is owned by a live coordinator.</summary>
public sealed class StudyLockedException(StudyLayout layout, CoordinatorOwner? owner)
    : Exception($"{layout.Root}: the study is running under another coordinator ({owner?.ToString() ?? "owner unknown; it is starting"}); " +
                $"watch it with 'actorsweep status {layout.Root}', or stop that process first")
{
    /// <summary>The live coordinator, when it has said who it is.</summary>
    public CoordinatorOwner? Owner { get; } = owner;
}
