using System.Collections.Concurrent;

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
