using Microsoft.Data.Sqlite;

namespace Dotkube.Storage.Sqlite;

/// <summary>
/// The database layout, in the spirit of k3s kine: <c>log</c> is the history, one row per revision;
/// <c>current</c> points every live key at its newest log row so reads at the current revision
/// touch only live data; <c>meta</c> remembers the compacted revision.
/// </summary>
/// <remarks>
/// A delete's log row stores no value: the deleted value is the row named by its prev_revision, which
/// compaction keeps for as long as the delete itself is kept.
/// </remarks>
internal static class SqliteSchema
{
    public const int Version = 1;

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS log (
            revision        INTEGER PRIMARY KEY,   -- the global revision; also the rowid
            key             TEXT    NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision   INTEGER NOT NULL,      -- the key's previous live version, 0 when this put created it
            deleted         INTEGER NOT NULL,
            value           BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS log_key_revision ON log (key, revision);
        CREATE TABLE IF NOT EXISTS current (
            key      TEXT    PRIMARY KEY,
            revision INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (
            name  TEXT    PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', 1), ('compacted', 0);
        """;

    /// <summary>Pragmas for the one writer connection; auto_vacuum only takes effect on a new file.</summary>
    private const string WriterPragmas = """
        PRAGMA auto_vacuum = INCREMENTAL;
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA wal_autocheckpoint = 1000;
        PRAGMA journal_size_limit = 67108864;
        PRAGMA busy_timeout = 10000;
        PRAGMA cache_size = -16384;
        """;

    private const string ReaderPragmas = """
        PRAGMA query_only = 1;
        PRAGMA busy_timeout = 10000;
        PRAGMA cache_size = -16384;
        PRAGMA mmap_size = 268435456;
        """;

    /// <summary>
    /// The current revision as seen by the statement's snapshot. Compaction may delete the newest log
    /// row (a tombstone), so the compacted revision is a lower bound too.
    /// </summary>
    public const string SelectRevisions = """
        SELECT max(ifnull((SELECT max(revision) FROM log), 0), (SELECT value FROM meta WHERE name = 'compacted')),
               (SELECT value FROM meta WHERE name = 'compacted')
        """;

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false, // the store keeps its own connections
        Cache = SqliteCacheMode.Private,
    }.ToString();

    public static SqliteConnection OpenWriter(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        Execute(connection, WriterPragmas);
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, CreateTables, transaction);
            transaction.Commit();
        }

        var version = Scalar(connection, "SELECT value FROM meta WHERE name = 'schema_version'");
        if (version != Version)
        {
            connection.Dispose();
            throw new InvalidOperationException($"{path} has schema version {version}; this build reads version {Version}");
        }

        return connection;
    }

    public static SqliteConnection OpenReader(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        Execute(connection, ReaderPragmas);
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
