using System.Runtime.CompilerServices;
using Dotkube.Storage.Internal;
using Dotkube.Storage.Watch;

namespace Dotkube.Storage.Memory;

/// <summary>
/// The whole store in process memory, for tests and <c>--datastore memory</c>. It keeps every version of
/// every key until compaction, so reads, lists and watches at old revisions behave as with SQLite.
/// One lock serialises everything; that is plenty for tests and small clusters.
/// </summary>
public sealed class MemoryStore : IRevisionedStore, IWatchHistory, IPrefixStateReader
{
    private readonly Lock gate = new();
    private readonly StoreOptions options;
    private readonly Dictionary<string, KeyHistory> histories = new(StringComparer.Ordinal);
    private readonly SortedSet<string> keys = new(KeyRange.Comparer);
    private readonly List<WatchEvent> events = []; // events[i].Revision == compacted + 1 + i
    private readonly WatchHub hub;
    private long revision;
    private long compacted;
    private bool disposed;

    public MemoryStore(StoreOptions? options = null)
    {
        this.options = options ?? StoreOptions.Default;
        this.options.Validate();
        // Full history is already in memory, so the hub's ring would only duplicate it.
        hub = new WatchHub(this, this.options with { EventRingSize = 0 }, 0, 0);
    }

    public long CurrentRevision => Volatile.Read(ref revision);

    public long CompactedRevision => Volatile.Read(ref compacted);

    public Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        var copy = options.CheckedCopy(key, value);
        lock (gate)
        {
            ThrowIfDisposed();
            var history = histories.GetValueOrDefault(key);
            if (history is { IsLive: true })
            {
                throw new KeyExistsException(key);
            }

            var rev = revision + 1;
            var kv = new KeyValue(key, copy, rev, rev);
            Append(key, history, new KeyVersion(rev, rev, copy, false), new WatchEvent(WatchEventType.Put, kv, null, true));
            return Task.FromResult(kv);
        }
    }

    public Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        var copy = options.CheckedCopy(key, value);
        lock (gate)
        {
            ThrowIfDisposed();
            var (history, previous) = LiveOrThrow(key, expectedModRevision, allowAny: false);
            var rev = revision + 1;
            var kv = new KeyValue(key, copy, previous.CreateRevision, rev);
            Append(key, history, new KeyVersion(rev, previous.CreateRevision, copy, false), new WatchEvent(WatchEventType.Put, kv, previous, false));
            return Task.FromResult(kv);
        }
    }

    public Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        lock (gate)
        {
            ThrowIfDisposed();
            var (history, previous) = LiveOrThrow(key, expectedModRevision, allowAny: expectedModRevision == 0);
            var rev = revision + 1;
            var kv = previous with { ModRevision = rev };
            Append(key, history, new KeyVersion(rev, previous.CreateRevision, previous.Value, true), new WatchEvent(WatchEventType.Delete, kv, previous, false));
            return Task.FromResult(kv);
        }
    }

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        KeyRange.ValidateKey(key);
        lock (gate)
        {
            ThrowIfDisposed();
            var at = ReadRevision(revision);
            var version = histories.GetValueOrDefault(key)?.At(at);
            return Task.FromResult(version is { } v ? ToKeyValue(key, v) : null);
        }
    }

    public Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Limit);
        lock (gate)
        {
            ThrowIfDisposed();
            var at = ReadRevision(options.Revision);
            var items = new List<KeyValue>();
            long remaining = 0;
            foreach (var key in KeysInRange(prefix, options.StartKey))
            {
                if (histories[key].At(at) is not { } version)
                {
                    continue;
                }

                if (options.Limit > 0 && items.Count == options.Limit)
                {
                    remaining++;
                }
                else
                {
                    items.Add(ToKeyValue(key, version));
                }
            }

            return Task.FromResult(new ListResult(items, at, remaining > 0, remaining));
        }
    }

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (gate)
        {
            ThrowIfDisposed();
            long count = 0;
            foreach (var key in KeysInRange(prefix, null))
            {
                if (histories[key].IsLive)
                {
                    count++;
                }
            }

            return Task.FromResult(count);
        }
    }

    public Task<PrefixState> ReadPrefixStateAsync(string prefix, long modifiedAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (gate)
        {
            ThrowIfDisposed();
            long count = 0, newest = 0;
            foreach (var key in KeysInRange(prefix, null))
            {
                var history = histories[key];
                if (history.IsLive)
                {
                    count++;
                    if (history.Latest.ModRevision > modifiedAfter)
                    {
                        newest = Math.Max(newest, history.Latest.ModRevision);
                    }
                }
            }

            return Task.FromResult(new PrefixState(revision, count, newest));
        }
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        hub.WatchAsync(prefix, afterRevision, cancellationToken);

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ThrowIfDisposed();
            if (revision > this.revision)
            {
                throw new FutureRevisionException(revision, this.revision);
            }

            if (revision <= compacted)
            {
                return Task.CompletedTask; // already done: compaction is idempotent
            }

            List<string>? emptied = null;
            foreach (var (key, history) in histories)
            {
                history.Compact(revision);
                if (history.Count == 0)
                {
                    (emptied ??= []).Add(key);
                }
            }

            foreach (var key in emptied ?? [])
            {
                histories.Remove(key);
                keys.Remove(key);
            }

            events.RemoveRange(0, (int)(revision - compacted));
            Volatile.Write(ref compacted, revision);
            hub.SetCompacted(revision);
            return Task.CompletedTask;
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (gate)
        {
            disposed = true;
        }

        hub.Close();
        return ValueTask.CompletedTask;
    }

    async IAsyncEnumerable<WatchEvent> IWatchHistory.ReadHistoryAsync(
        string prefix, long afterRevision, long upToRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<WatchEvent> page;
        lock (gate)
        {
            if (afterRevision < compacted)
            {
                throw new CompactedException(afterRevision, compacted);
            }

            page = [];
            for (var rev = afterRevision + 1; rev <= upToRevision; rev++)
            {
                var item = events[(int)(rev - compacted - 1)];
                if (KeyRange.Matches(item.Kv.Key, prefix))
                {
                    page.Add(item);
                }
            }
        }

        foreach (var item in page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private (KeyHistory History, KeyValue Current) LiveOrThrow(string key, long expectedModRevision, bool allowAny)
    {
        var history = histories.GetValueOrDefault(key);
        if (history is not { IsLive: true })
        {
            throw new KeyNotFoundStorageException(key);
        }

        var current = ToKeyValue(key, history.Latest);
        if (!allowAny && current.ModRevision != expectedModRevision)
        {
            throw new RevisionConflictException(key, current);
        }

        return (history, current);
    }

    private void Append(string key, KeyHistory? history, KeyVersion version, WatchEvent item)
    {
        if (history is null)
        {
            history = new KeyHistory();
            histories.Add(key, history);
            keys.Add(key);
        }

        history.Add(version);
        events.Add(item);
        Volatile.Write(ref revision, version.ModRevision);
        hub.Publish(item);
    }

    private long ReadRevision(long requested)
    {
        if (requested <= 0)
        {
            return revision;
        }

        if (requested > revision)
        {
            throw new FutureRevisionException(requested, revision);
        }

        if (requested < compacted)
        {
            throw new CompactedException(requested, compacted);
        }

        return requested;
    }

    /// <summary>Keys under <paramref name="prefix"/>, in order, strictly after <paramref name="startKey"/> when given.</summary>
    private IEnumerable<string> KeysInRange(string prefix, string? startKey)
    {
        if (keys.Count == 0)
        {
            yield break;
        }

        var lower = startKey is not null && KeyRange.Compare(startKey, prefix) > 0 ? startKey : prefix;
        var upper = KeyRange.PrefixEnd(prefix) ?? keys.Max!;
        if (KeyRange.Compare(lower, upper) > 0)
        {
            yield break;
        }

        foreach (var key in keys.GetViewBetween(lower, upper))
        {
            if ((startKey is not null && key == startKey) || !KeyRange.Matches(key, prefix))
            {
                continue;
            }

            yield return key;
        }
    }

    private static KeyValue ToKeyValue(string key, KeyVersion version) =>
        new(key, version.Value, version.CreateRevision, version.ModRevision);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
