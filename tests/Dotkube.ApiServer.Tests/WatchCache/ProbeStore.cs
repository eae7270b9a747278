using System.Runtime.CompilerServices;
using Dotkube.Storage;
using Dotkube.Storage.Memory;

namespace Dotkube.ApiServer.Tests.WatchCacheTests;

/// <summary>
/// A memory store that counts the reads reaching it and can hold back the events of its watches, so a
/// test can tell what the watch cache answered and keep the cache behind on purpose.
/// </summary>
internal sealed class ProbeStore : IRevisionedStore, IPrefixStateReader
{
    private readonly MemoryStore inner = new();
    private TaskCompletionSource open = Opened();
    private int lists;
    private int gets;
    private int failNextWatch;

    public int Lists => Volatile.Read(ref lists);

    public int Gets => Volatile.Read(ref gets);

    /// <summary>Watches deliver nothing until <see cref="ReleaseWatch"/>.</summary>
    public void HoldWatch() => Volatile.Write(ref open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ReleaseWatch() => Volatile.Read(ref open).TrySetResult();

    /// <summary>The next event of a running watch ends it with an overflow (the watcher must re-list).</summary>
    public void FailNextWatchEvent() => Volatile.Write(ref failNextWatch, 1);

    public long CurrentRevision => inner.CurrentRevision;

    public long CompactedRevision => inner.CompactedRevision;

    public Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) => inner.CreateAsync(key, value, cancellationToken);

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref gets);
        return inner.GetAsync(key, revision, cancellationToken);
    }

    public Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref lists);
        return inner.ListAsync(prefix, options, cancellationToken);
    }

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default) => inner.CountAsync(prefix, cancellationToken);

    public Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);

    public Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedModRevision, cancellationToken);

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in inner.WatchAsync(prefix, afterRevision, cancellationToken))
        {
            await Volatile.Read(ref open).Task.WaitAsync(cancellationToken);
            if (Interlocked.Exchange(ref failNextWatch, 0) == 1)
            {
                throw new WatchOverflowException(prefix);
            }
            yield return e;
        }
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public Task<PrefixState> ReadPrefixStateAsync(string prefix, long modifiedAfter, CancellationToken cancellationToken = default) =>
        inner.ReadPrefixStateAsync(prefix, modifiedAfter, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static TaskCompletionSource Opened()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
