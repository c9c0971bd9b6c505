using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// Persistence settings of the coordinator: Akka.Persistence.Sql on a SQLite file in the study folder
/// (provider SQLite.MS, tables created on first use, WAL journal mode — 8× the event rate of the
/// default mode, PLATFORM.md), or the in-memory journal when a run does not need to be resumable.
/// </summary>
public static class JournalConfig
{
    /// <summary>The persistence configuration for <paramref name="journalFile"/> (null = in memory).</summary>
    public static Config For(string? journalFile)
    {
        if (journalFile is null)
            return ConfigurationFactory.ParseString("""
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                akka.persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
                """);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(journalFile))!);
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(journalFile) }.ToString();
        EnableWal(connection);
        var quoted = connection.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var sql = $$"""sql { connection-string = "{{quoted}}", provider-name = "SQLite.MS", table-mapping = sqlite, auto-initialize = on }""";
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal { plugin = "akka.persistence.journal.sql", {{sql}} }
            akka.persistence.snapshot-store { plugin = "akka.persistence.snapshot-store.sql", {{sql}} }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static void EnableWal(string connection)
    {
        using var db = new SqliteConnection(connection);
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL;";
        cmd.ExecuteNonQuery();
    }
}
