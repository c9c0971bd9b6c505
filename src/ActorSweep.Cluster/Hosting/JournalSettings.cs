using Akka.Configuration;
using Akka.Persistence.Sql;
using ActorSweep.Core.Layout;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// Where the coordinator journals its events (Akka.Persistence.Sql): a SQLite file in the study folder
/// (the default), a PostgreSQL server chosen in configuration (<c>actorsweep.journal</c>, see
/// <c>hocon/postgresql.conf</c>), or memory when a run need not be resumable.
/// </summary>
public abstract record JournalSettings
{
    private JournalSettings() { }

    /// <summary>Events kept in memory: nothing survives the process.</summary>
    public sealed record InMemory : JournalSettings
    {
        /// <inheritdoc />
        public override Config ToAkkaConfig() => ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """);

        /// <inheritdoc />
        public override string PersistenceIdFor(string study) => $"coordinator-{study}";

        /// <inheritdoc />
        public override string Describe() => "in memory";
    }

    /// <summary>
    /// A SQLite file (provider SQLite.MS, WAL journal mode — 8× the event rate of the default mode,
    /// PLATFORM.md). One file per study folder, so the persistence id needs only the study name.
    /// </summary>
    public sealed record Sqlite(string File) : JournalSettings
    {
        /// <inheritdoc />
        public override Config ToAkkaConfig()
        {
            var path = Path.GetFullPath(File);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var connection = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
            try { EnableWal(connection); }
            catch (SqliteException e)
            {
                throw new JournalConfigurationException($"{path}: the study's journal cannot be opened ({e.Message}); it is damaged or not an ActorSweep journal. " +
                                                        "Restore it from a copy, or run the study anew into another folder");
            }
            return SqlPlugin(connection, "SQLite.MS", "sqlite", null);
        }

        /// <inheritdoc />
        public override string PersistenceIdFor(string study) => $"coordinator-{study}";

        /// <inheritdoc />
        public override string Describe() => $"SQLite {File}";

        private static void EnableWal(string connection)
        {
            using var db = new SqliteConnection(connection);
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=WAL;";
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// A PostgreSQL server shared by many studies: the persistence id carries the study folder's
    /// instance id (<see cref="StudyInstance"/>), so two folders holding a study of the same name
    /// never replay each other's events.
    /// </summary>
    /// <param name="ConnectionString">An Npgsql connection string.</param>
    /// <param name="Schema">The schema of the journal tables (created on first use).</param>
    /// <param name="Instance">The study folder's instance id.</param>
    public sealed record PostgreSql(string ConnectionString, string Schema, string Instance) : JournalSettings
    {
        /// <summary>
        /// The plugin configuration, after making sure the server answers and the schema exists
        /// (Akka.Persistence.Sql creates its tables, not the schema).
        /// </summary>
        public override Config ToAkkaConfig()
        {
            try
            {
                using var db = new NpgsqlConnection(ConnectionString);
                db.Open();
                using var cmd = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {Schema}", db);
                cmd.ExecuteNonQuery();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                throw new JournalConfigurationException($"actorsweep.journal.postgresql: cannot use the journal at {Describe()}: {e.Message}");
            }
            return SqlPlugin(ConnectionString, "PostgreSQL.15", "postgresql", Schema);
        }

        /// <inheritdoc />
        public override string PersistenceIdFor(string study) => $"coordinator-{study}-{Instance}";

        /// <summary>
        /// Takes the server-side lock of a study's journal (a PostgreSQL advisory lock held by an open session, so it
        /// dies with the process), so a second coordinator — even on another machine with a copy of the folder — is
        /// refused; the error names the holder from the server's session list. Dispose to release.
        /// </summary>
        public IDisposable Lock(string study, string holder)
        {
            var id = PersistenceIdFor(study);
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = Truncate($"actorsweep coordinator {holder}"), Pooling = false };
            var db = new NpgsqlConnection(builder.ToString());
            db.Open();
            using (var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@id, 0))", db))
            {
                cmd.Parameters.AddWithValue("id", id);
                if ((bool)cmd.ExecuteScalar()!) return db;
            }
            var owner = SessionsOnLock(db, id, granted: true).FirstOrDefault();
            db.Dispose();
            throw new JournalConfigurationException($"{Describe()}: the journal of study '{study}' is held by another coordinator ({owner ?? "unknown"}); stop it first");
        }

        /// <summary>
        /// Waits, for as long as it takes, to take the server-side lock of a study's journal: what a standby coordinator does.
        /// The lock is free the moment the active coordinator's session ends — its process died (the server sees the
        /// connection close), or it finished — and only one waiting standby gets it. While it waits, the active coordinator
        /// lists this session among the study's standbys (<see cref="Standbys"/>). Dispose the result to release the lock.
        /// </summary>
        public async Task<IDisposable> WaitForLockAsync(string study, string holder, CancellationToken cancellation)
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = Truncate($"actorsweep standby {holder}"), Pooling = false, CommandTimeout = 0, KeepAlive = 10 };
            var db = new NpgsqlConnection(builder.ToString());
            try
            {
                await db.OpenAsync(cancellation).ConfigureAwait(false);
                await using var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@id, 0))", db);
                cmd.Parameters.AddWithValue("id", PersistenceIdFor(study));
                await cmd.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
                await using var rename = new NpgsqlCommand($"SET application_name = '{Truncate($"actorsweep coordinator {holder}").Replace("'", "''")}'", db);
                await rename.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
                return db;
            }
            catch
            {
                await db.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>The sessions waiting for the lock of a study's journal (its standby coordinators), by their application names.</summary>
        public IReadOnlyList<string> Standbys(string study)
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = true, Timeout = 5 };
            using var db = new NpgsqlConnection(builder.ToString());
            db.Open();
            return SessionsOnLock(db, PersistenceIdFor(study), granted: false).Select(n => n.Replace("actorsweep standby ", "", StringComparison.Ordinal)).ToList();
        }

        /// <summary>The application names of the sessions that hold (<paramref name="granted"/>) or wait for the advisory lock of <paramref name="id"/>, oldest first.</summary>
        private static List<string> SessionsOnLock(NpgsqlConnection db, string id, bool granted)
        {
            using var who = new NpgsqlCommand("""
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted = @granted AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(@id, 0)
                ORDER BY a.backend_start
                """, db);
            who.Parameters.AddWithValue("id", id);
            who.Parameters.AddWithValue("granted", granted);
            var names = new List<string>();
            using var reader = who.ExecuteReader();
            while (reader.Read()) names.Add(reader.GetString(0));
            return names;
        }

        private static string Truncate(string name) => name.Length <= 63 ? name : name[..63];   // PostgreSQL keeps 63 bytes of an application name

        /// <inheritdoc />
        public override string Describe()
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database} schema {Schema}";
        }
    }

    /// <summary>The Akka persistence configuration of this journal.</summary>
    public abstract Config ToAkkaConfig();

    /// <summary>The coordinator's persistence id for <paramref name="study"/>.</summary>
    public abstract string PersistenceIdFor(string study);

    /// <summary>A one-line description for logs and <c>status</c> (no password).</summary>
    public abstract string Describe();

    /// <summary>
    /// The journal of the study in <paramref name="layout"/> as configured under <c>actorsweep.journal</c>
    /// of <paramref name="config"/>: <c>provider = sqlite</c> (default) or <c>postgresql</c> with a
    /// <c>postgresql.connection-string</c>. <paramref name="source"/> names the configuration in errors.
    /// </summary>
    public static JournalSettings Resolve(Config config, StudyLayout layout, string source)
    {
        var provider = config.GetString("actorsweep.journal.provider", "sqlite");
        switch (provider)
        {
            case "sqlite":
                return new Sqlite(layout.JournalFile);
            case "postgresql":
                var connection = config.GetString("actorsweep.journal.postgresql.connection-string", "");
                if (string.IsNullOrWhiteSpace(connection))
                    throw new JournalConfigurationException($"{source}: actorsweep.journal.postgresql.connection-string: expected an Npgsql connection string (Host=…;Port=…;Database=…;Username=…) when provider = postgresql, got nothing");
                try { _ = new NpgsqlConnectionStringBuilder(connection); }
                catch (ArgumentException e)
                {
                    throw new JournalConfigurationException($"{source}: actorsweep.journal.postgresql.connection-string: expected an Npgsql connection string, got an invalid one ({e.Message})");
                }
                var schema = config.GetString("actorsweep.journal.postgresql.schema", "actorsweep");
                if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]*$"))
                    throw new JournalConfigurationException($"{source}: actorsweep.journal.postgresql.schema: expected a lower-case SQL identifier, got '{schema}'");
                return new PostgreSql(connection, schema, StudyInstance.ReadOrCreate(layout));
            default:
                throw new JournalConfigurationException($"{source}: actorsweep.journal.provider: expected sqlite or postgresql, got '{provider}'");
        }
    }

    private static Config SqlPlugin(string connection, string provider, string mapping, string? schema)
    {
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var schemaLine = schema is null ? "" : $"{mapping}.schema-name = {Quote(schema)}";
        var sql = $$"""sql { connection-string = {{Quote(connection)}}, provider-name = "{{provider}}", table-mapping = {{mapping}}, auto-initialize = on, {{schemaLine}} }""";
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal { plugin = "akka.persistence.journal.sql", {{sql}} }
            akka.persistence.snapshot-store { plugin = "akka.persistence.snapshot-store.sql", {{sql}} }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }
}

/// <summary>A journal setting in the node configuration is missing or wrong.</summary>
public sealed class JournalConfigurationException(string message) : Exception(message);
