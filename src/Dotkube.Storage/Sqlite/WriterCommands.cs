using Microsoft.Data.Sqlite;

namespace Dotkube.Storage.Sqlite;

/// <summary>The writer connection's statements, prepared once and re-bound for every write.</summary>
internal sealed class WriterCommands : IDisposable
{
    private readonly SqliteCommand readCurrent;
    private readonly SqliteCommand insertLog;
    private readonly SqliteCommand insertCurrent;
    private readonly SqliteCommand updateCurrent;
    private readonly SqliteCommand deleteCurrent;
    private readonly SqliteCommand compactSuperseded;
    private readonly SqliteCommand compactTombstones;
    private readonly SqliteCommand setCompacted;
    private readonly SqliteCommand[] all;

    public WriterCommands(SqliteConnection connection)
    {
        readCurrent = Create(connection, """
            SELECT l.create_revision, l.revision, l.value FROM current c JOIN log l ON l.revision = c.revision WHERE c.key = $key
            """, ("$key", SqliteType.Text));
        insertLog = Create(connection, """
            INSERT INTO log (revision, key, create_revision, prev_revision, deleted, value)
            VALUES ($revision, $key, $create, $prev, $deleted, $value)
            """, ("$revision", SqliteType.Integer), ("$key", SqliteType.Text), ("$create", SqliteType.Integer),
            ("$prev", SqliteType.Integer), ("$deleted", SqliteType.Integer), ("$value", SqliteType.Blob));
        insertCurrent = Create(connection, "INSERT INTO current (key, revision) VALUES ($key, $revision)",
            ("$key", SqliteType.Text), ("$revision", SqliteType.Integer));
        updateCurrent = Create(connection, "UPDATE current SET revision = $revision WHERE key = $key",
            ("$key", SqliteType.Text), ("$revision", SqliteType.Integer));
        deleteCurrent = Create(connection, "DELETE FROM current WHERE key = $key", ("$key", SqliteType.Text));

        // Compacting (lo, hi]: every row in that range that has a predecessor supersedes it, so the
        // predecessor is invisible at hi; tombstones in the range are dropped too. What survives is,
        // per key, the version visible at hi (unless deleted) and everything newer.
        compactSuperseded = Create(connection, """
            DELETE FROM log WHERE revision IN (
                SELECT prev_revision FROM log WHERE revision > $lo AND revision <= $hi AND prev_revision > 0)
            """, ("$lo", SqliteType.Integer), ("$hi", SqliteType.Integer));
        compactTombstones = Create(connection, "DELETE FROM log WHERE revision > $lo AND revision <= $hi AND deleted = 1",
            ("$lo", SqliteType.Integer), ("$hi", SqliteType.Integer));
        setCompacted = Create(connection, "UPDATE meta SET value = $hi WHERE name = 'compacted'", ("$hi", SqliteType.Integer));
        all = [readCurrent, insertLog, insertCurrent, updateCurrent, deleteCurrent, compactSuperseded, compactTombstones, setCompacted];
    }

    public void Enlist(SqliteTransaction? transaction)
    {
        foreach (var command in all)
        {
            command.Transaction = transaction;
        }
    }

    public KeyValue? ReadCurrent(string key)
    {
        readCurrent.Parameters[0].Value = key;
        using var reader = readCurrent.ExecuteReader();
        return reader.Read()
            ? new KeyValue(key, reader.GetFieldValue<byte[]>(2), reader.GetInt64(0), reader.GetInt64(1))
            : null;
    }

    public void InsertLog(long revision, string key, long createRevision, long prevRevision, bool deleted, byte[] value)
    {
        var p = insertLog.Parameters;
        p[0].Value = revision;
        p[1].Value = key;
        p[2].Value = createRevision;
        p[3].Value = prevRevision;
        p[4].Value = deleted ? 1L : 0L;
        p[5].Value = value;
        insertLog.ExecuteNonQuery();
    }

    public void SetCurrent(string key, long revision, bool created)
    {
        var command = created ? insertCurrent : updateCurrent;
        command.Parameters[0].Value = key;
        command.Parameters[1].Value = revision;
        command.ExecuteNonQuery();
    }

    public void DeleteCurrent(string key)
    {
        deleteCurrent.Parameters[0].Value = key;
        deleteCurrent.ExecuteNonQuery();
    }

    public void Compact(long lo, long hi)
    {
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[compactSuperseded, compactTombstones])
        {
            command.Parameters[0].Value = lo;
            command.Parameters[1].Value = hi;
            command.ExecuteNonQuery();
        }

        setCompacted.Parameters[0].Value = hi;
        setCompacted.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in all)
        {
            command.Dispose();
        }
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }
}
