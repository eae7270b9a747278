using System.Threading.Channels;
using Dotkube.Storage.Internal;
using Dotkube.Storage.Watch;
using Microsoft.Data.Sqlite;

namespace Dotkube.Storage.Sqlite;

/// <summary>
/// The store on one SQLite file in WAL mode with synchronous=FULL: a write is acknowledged only after
/// the commit that holds it is on disk.
/// </summary>
/// <remarks>
/// One writer thread owns the only writing connection and commits queued writes in groups (see
/// SqliteStore.Writer.cs), so one fsync covers many concurrent writes. Reads use a pool of read
/// connections that see consistent snapshots beside the writer.
/// </remarks>
public sealed partial class SqliteStore : IRevisionedStore, IWatchHistory, IPrefixStateReader
{
    private readonly StoreOptions options;
    private readonly SqliteConnection writer;
    private readonly WriterCommands commands;
    private readonly Channel<WriteOp> queue = Channel.CreateUnbounded<WriteOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread writerThread;
    private readonly ReadConnectionPool readers;
    private readonly WatchHub hub;
    private long revision;
    private long compacted;
    private int disposed;
    private Exception? writerFailure;

    private SqliteStore(string path, StoreOptions options, SqliteConnection writer, long revision, long compacted)
    {
        Path = path;
        this.options = options;
        this.writer = writer;
        this.revision = revision;
        this.compacted = compacted;
        commands = new WriterCommands(writer);
        readers = new ReadConnectionPool(path, maxIdle: Math.Max(4, Environment.ProcessorCount * 2));
        hub = new WatchHub(this, options, revision, compacted);
        writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "dotkube-sqlite-writer" };
        writerThread.Start();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public long CurrentRevision => Volatile.Read(ref revision);

    public long CompactedRevision => Volatile.Read(ref compacted);

    /// <summary>
    /// Opens (or creates) the database at <paramref name="path"/>. An existing file keeps its data and
    /// continues its revision counter, so every resourceVersion handed out before stays valid.
    /// </summary>
    public static SqliteStore Open(string path, StoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= StoreOptions.Default;
        options.Validate();
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var writer = SqliteSchema.OpenWriter(path);
        try
        {
            using var command = writer.CreateCommand();
            command.CommandText = SqliteSchema.SelectRevisions;
            using var reader = command.ExecuteReader();
            reader.Read();
            return new SqliteStore(path, options, writer, reader.GetInt64(0), reader.GetInt64(1));
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        return Enqueue(new WriteOp(WriteKind.Create, key, options.CheckedCopy(key, value), 0, cancellationToken));
    }

    public Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        return Enqueue(new WriteOp(WriteKind.Update, key, options.CheckedCopy(key, value), expectedModRevision, cancellationToken));
    }

    public Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        return Enqueue(new WriteOp(WriteKind.Delete, key, [], expectedModRevision, cancellationToken));
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        hub.WatchAsync(prefix, afterRevision, cancellationToken);

    /// <summary>
    /// Compacts in steps of <see cref="CompactionStep"/> revisions, each its own transaction queued
    /// among the writes so a large backlog does not stall them, then returns freed pages to the file
    /// system. Compacting at or below the compacted revision does nothing.
    /// </summary>
    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        var current = CurrentRevision;
        if (revision > current)
        {
            throw new FutureRevisionException(revision, current);
        }

        if (revision <= CompactedRevision)
        {
            return;
        }

        for (var step = CompactedRevision; step < revision;)
        {
            step = Math.Min(revision, step + CompactionStep);
            await Enqueue(new WriteOp(WriteKind.Compact, "", [], step, cancellationToken)).ConfigureAwait(false);
        }

        await Enqueue(new WriteOp(WriteKind.Vacuum, "", [], 0, cancellationToken)).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        queue.Writer.TryComplete();
        writerThread.Join(); // it drains what is queued first
        hub.Close();
        commands.Dispose();
        writer.Dispose();
        readers.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<KeyValue> Enqueue(WriteOp op)
    {
        if (!queue.Writer.TryWrite(op))
        {
            if (writerFailure is { } failure)
            {
                throw new InvalidOperationException($"the SQLite writer of {Path} stopped", failure);
            }

            throw new ObjectDisposedException(nameof(SqliteStore));
        }

        return op.Completion.Task;
    }
}
