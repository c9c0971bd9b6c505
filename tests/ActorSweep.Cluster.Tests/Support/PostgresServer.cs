using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the journal tests: a fresh cluster (initdb) in a temporary folder,
/// listening on 127.0.0.1 on a free port, started on first use and stopped (immediate mode, folder
/// removed) when the test assembly ends. As root the server runs as the <c>postgres</c> user, since
/// PostgreSQL refuses to run as root. Without server binaries the tests are ignored, unless
/// <c>ACTORSWEEP_REQUIRE_POSTGRES=1</c> (set by <c>.ci/run</c>, which installs them) makes that a failure.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(() => new PostgresServer(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _bin;
    private readonly string _dataDir;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresServer()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or ACTORSWEEP_PG_BIN");
        _asPostgresUser = Environment.UserName == "root";
        _dataDir = Directory.CreateTempSubdirectory("actorsweep-pg").FullName;
        Port = FreePort();
        if (_asPostgresUser) Run("chown", "-R", "postgres", _dataDir);
        RunAsServerUser(Path.Combine(_bin, "initdb"), "-D", _dataDir, "-U", "actorsweep", "--auth=trust", "-E", "UTF8", "--no-sync");
        RunAsServerUser(Path.Combine(_bin, "pg_ctl"), "-D", _dataDir, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dataDir}", "start");
        Started = true;
    }

    /// <summary>True once a server was started by this test run.</summary>
    public static bool Started { get; private set; }

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The running server, or the test is ignored (or failed, under .ci/run) when PostgreSQL is not installed.</summary>
    public static PostgresServer Instance
    {
        get
        {
            if (FindBinaries() is null)
            {
                const string why = "PostgreSQL server binaries not found (apt-get install postgresql, or set ACTORSWEEP_PG_BIN); .ci/run installs them";
                if (Environment.GetEnvironmentVariable("ACTORSWEEP_REQUIRE_POSTGRES") == "1") Assert.Fail(why);
                Assert.Ignore(why);
            }
            return Shared.Value;
        }
    }

    /// <summary>A connection string to a new, empty database of its own.</summary>
    public string NewDatabase()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    /// <summary>A connection string to <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "actorsweep", Database = database, Pooling = false }.ToString();

    /// <summary>Stops the server started by this run and deletes its folder.</summary>
    public static void StopIfStarted()
    {
        if (!Shared.IsValueCreated) return;
        var s = Shared.Value;
        try { s.RunAsServerUser(Path.Combine(s._bin, "pg_ctl"), "-D", s._dataDir, "-m", "immediate", "-w", "stop"); }
        finally { Directory.Delete(s._dataDir, recursive: true); }
    }

    private static string? FindBinaries()
    {
        var env = Environment.GetEnvironmentVariable("ACTORSWEEP_PG_BIN");
        if (!string.IsNullOrEmpty(env)) return File.Exists(Path.Combine(env, "pg_ctl")) ? env : null;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private void RunAsServerUser(string program, params string[] args)
    {
        if (_asPostgresUser) Run("runuser", new[] { "-u", "postgres", "--", program }.Concat(args).ToArray());
        else Run(program, args);
    }

    private static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(); throw new TimeoutException($"{program} did not finish within 120 s"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}{stdout.Result}");
    }
}

