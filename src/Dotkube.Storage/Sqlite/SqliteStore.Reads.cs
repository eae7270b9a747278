using System.Runtime.CompilerServices;
using Dotkube.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Dotkube.Storage.Sqlite;

/// <summary>Reads, each on a pooled read connection; reads at a revision run in one snapshot.</summary>
public sealed partial class SqliteStore
{
    private const int HistoryPageSize = 1_000;

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        return Task.FromResult(Read((key, revision), static (session, args) =>
        {
            if (args.revision <= 0)
            {
                var command = session.Command(SqliteQueries.GetCurrent, null);
                command.Parameters.AddWithValue("$key", args.key);
                using var reader = command.ExecuteReader();
                return reader.Read() ? new KeyValue(args.key, reader.GetFieldValue<byte[]>(2), reader.GetInt64(0), reader.GetInt64(1)) : null;
            }

            using var transaction = session.Connection.BeginTransaction(deferred: true);
            CheckReadable(session, transaction, args.revision);
            var atRevision = session.Command(SqliteQueries.GetAtRevision, transaction);
            atRevision.Parameters.AddWithValue("$key", args.key);
            atRevision.Parameters.AddWithValue("$rev", args.revision);
            using (var reader = atRevision.ExecuteReader())
            {
                return reader.Read() && reader.GetInt64(2) == 0
                    ? new KeyValue(args.key, reader.GetFieldValue<byte[]>(3), reader.GetInt64(0), reader.GetInt64(1))
                    : null;
            }
        }));
    }

    public Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Limit);
        return Task.FromResult(Read((prefix, options), static (session, args) =>
        {
            var (prefix, options) = args;
            var end = KeyRange.PrefixEnd(prefix);
            var queries = SqliteQueries.For(end);
            using var transaction = session.Connection.BeginTransaction(deferred: true);
            var (current, _) = ReadRevisions(session, transaction);
            var atCurrent = options.Revision <= 0 || options.Revision == current;
            var at = atCurrent ? current : CheckReadable(session, transaction, options.Revision);

            var list = session.Command(atCurrent ? queries.ListCurrent : queries.ListAtRevision, transaction);
            BindRange(list, prefix, options.StartKey, end, at);
            list.Parameters.AddWithValue("$limit", options.Limit > 0 ? options.Limit : -1);
            var items = new List<KeyValue>(options.Limit > 0 ? Math.Min(options.Limit, 1024) : 16);
            using (var reader = list.ExecuteReader())
            {
                while (reader.Read())
                {
                    items.Add(new KeyValue(reader.GetString(0), reader.GetFieldValue<byte[]>(3), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            long remaining = 0;
            if (options.Limit > 0 && items.Count == options.Limit)
            {
                var count = session.Command(atCurrent ? queries.CountCurrent : queries.CountAtRevision, transaction);
                BindRange(count, prefix, items[^1].Key, end, at);
                remaining = (long)count.ExecuteScalar()!;
            }

            return new ListResult(items, at, remaining > 0, remaining);
        }));
    }

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Task.FromResult(Read(prefix, static (session, prefix) =>
        {
            var end = KeyRange.PrefixEnd(prefix);
            var count = session.Command(SqliteQueries.For(end).CountCurrent, null);
            BindRange(count, prefix, null, end, 0);
            return (long)count.ExecuteScalar()!;
        }));
    }

    public Task<PrefixState> ReadPrefixStateAsync(string prefix, long modifiedAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Task.FromResult(Read((prefix, modifiedAfter), static (session, args) =>
        {
            var end = KeyRange.PrefixEnd(args.prefix);
            using var transaction = session.Connection.BeginTransaction(deferred: true);
            var (current, _) = ReadRevisions(session, transaction);
            var state = session.Command(SqliteQueries.For(end).PrefixState, transaction);
            BindRange(state, args.prefix, null, end, 0);
            state.Parameters.AddWithValue("$since", args.modifiedAfter);
            using var reader = state.ExecuteReader();
            reader.Read();
            return new PrefixState(current, reader.GetInt64(0), reader.GetInt64(1));
        }));
    }

    async IAsyncEnumerable<WatchEvent> Watch.IWatchHistory.ReadHistoryAsync(
        string prefix, long afterRevision, long upToRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = afterRevision;
        while (cursor < upToRevision)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = Read((prefix, cursor, upToRevision), static (session, args) => ReadHistoryPage(session, args.prefix, args.cursor, args.upToRevision));
            foreach (var item in page)
            {
                yield return item;
            }

            if (page.Count < HistoryPageSize)
            {
                break;
            }

            cursor = page[^1].Revision;
            await Task.Yield(); // let other work run between pages of a long replay
        }
    }

    private static List<WatchEvent> ReadHistoryPage(ReadSession session, string prefix, long after, long upTo)
    {
        var end = KeyRange.PrefixEnd(prefix);
        using var transaction = session.Connection.BeginTransaction(deferred: true);
        var (_, compacted) = ReadRevisions(session, transaction);
        if (after < compacted)
        {
            throw new CompactedException(after, compacted); // compacted while the watch was replaying
        }

        var command = session.Command(SqliteQueries.For(end).History, transaction);
        BindRange(command, prefix, null, end, 0);
        command.Parameters.AddWithValue("$after_rev", after);
        command.Parameters.AddWithValue("$upto", upTo);
        command.Parameters.AddWithValue("$limit", HistoryPageSize);
        var page = new List<WatchEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = reader.GetString(1);
            var rev = reader.GetInt64(0);
            var prevRevision = reader.GetInt64(3);
            KeyValue? previous = null;
            if (prevRevision > 0)
            {
                if (reader.IsDBNull(6))
                {
                    throw new InvalidOperationException($"history of {key} at revision {rev} lost its previous version {prevRevision}");
                }

                previous = new KeyValue(key, reader.GetFieldValue<byte[]>(7), reader.GetInt64(6), prevRevision);
            }

            page.Add(reader.GetInt64(4) != 0
                ? new WatchEvent(WatchEventType.Delete, previous! with { ModRevision = rev }, previous, IsCreate: false)
                : new WatchEvent(WatchEventType.Put, new KeyValue(key, reader.GetFieldValue<byte[]>(5), reader.GetInt64(2), rev), previous, IsCreate: previous is null));
        }

        return page;
    }

    private static void BindRange(SqliteCommand command, string prefix, string? startKey, string? end, long revision)
    {
        command.Parameters.AddWithValue("$prefix", prefix);
        command.Parameters.AddWithValue("$after", startKey ?? ""); // every key is longer than ""
        if (end is not null)
        {
            command.Parameters.AddWithValue("$end", end);
        }

        if (command.CommandText.Contains("$rev", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$rev", revision);
        }
    }

    /// <summary>The current and compacted revisions of the transaction's snapshot.</summary>
    private static (long Current, long Compacted) ReadRevisions(ReadSession session, SqliteTransaction transaction)
    {
        using var reader = session.Command(SqliteSchema.SelectRevisions, transaction).ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Throws unless the snapshot can answer a read at <paramref name="revision"/>; returns it.</summary>
    private static long CheckReadable(ReadSession session, SqliteTransaction transaction, long revision)
    {
        var (current, compacted) = ReadRevisions(session, transaction);
        if (revision > current)
        {
            throw new FutureRevisionException(revision, current);
        }

        if (revision < compacted)
        {
            throw new CompactedException(revision, compacted);
        }

        return revision;
    }

    private TResult Read<TState, TResult>(TState state, Func<ReadSession, TState, TResult> read)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var session = readers.Rent();
        var healthy = false;
        try
        {
            var result = read(session, state);
            healthy = true;
            return result;
        }
        catch (StorageException)
        {
            healthy = true; // a refused read left the connection in a clean state
            throw;
        }
        finally
        {
            readers.Release(session, healthy);
        }
    }
}
