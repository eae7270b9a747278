using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Dotkube.Storage.Sqlite;

/// <summary>
/// Read connections, reused so their prepared statements and page caches survive between requests.
/// In WAL mode they read a consistent snapshot concurrently with the writer.
/// </summary>
internal sealed class ReadConnectionPool(string path, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<ReadSession> idle = [];
    private volatile bool disposed;

    public ReadSession Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return idle.TryTake(out var session) ? session : new ReadSession(SqliteSchema.OpenReader(path));
    }

    /// <summary>Returns a session; one whose read failed is closed, in case it was left mid-transaction.</summary>
    public void Release(ReadSession session, bool healthy)
    {
        if (!healthy || disposed || idle.Count >= maxIdle)
        {
            session.Dispose();
            return;
        }

        idle.Add(session);
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }
}

/// <summary>One read connection and the statements prepared on it.</summary>
internal sealed class ReadSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>A prepared command for <paramref name="sql"/>, enlisted in <paramref name="transaction"/>.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
