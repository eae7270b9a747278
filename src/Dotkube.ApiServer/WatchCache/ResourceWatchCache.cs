using Dotkube.Storage;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.WatchCache;

/// <summary>
/// The watch cache of one resource (one storage prefix), as kube-apiserver's cacher: filled by a list, then
/// kept current by a watch from the list's revision; re-listed after the watch fails (compaction, a watcher
/// that fell behind, a lost datastore). It answers nothing until its first list is in (<see cref="Current"/>
/// is null then and while it re-lists).
/// </summary>
/// <remarks>
/// A consistent read needs the cache to hold the state at the store's current revision. kube-apiserver 1.32
/// gets that from etcd's watch progress requests (etcd 3.4.31+); this cache asks the store instead, with one
/// quorum read of the prefix's live count and newest modification (<see cref="IPrefixStateReader"/>).
/// </remarks>
public sealed class ResourceWatchCache(IRevisionedStore store, string prefix, bool namespaced, ILogger logger)
{
    /// <summary>Upstream's bound on waiting for the cache to catch up (blockTimeout, 3 s).</summary>
    public static readonly TimeSpan FreshnessTimeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan RelistDelay = TimeSpan.FromMilliseconds(200);

    private WatchCacheSnapshot? current;
    private TaskCompletionSource changed = NewSignal();

    public string Prefix => prefix;

    /// <summary>The newest snapshot, or null while the cache is not ready.</summary>
    public WatchCacheSnapshot? Current => Volatile.Read(ref current);

    /// <summary>How many times the cache listed the store (1 after the first fill).</summary>
    public int Lists { get; private set; }

    /// <summary>Fills the cache and follows the store until cancelled, re-listing after every watch failure.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var list = await store.ListAsync(prefix, new ListOptions(), ct);
                Lists++;
                Publish(WatchCacheSnapshot.Build(list.Items.Select(kv => (Bucket(kv.Key), CachedObject.From(kv))), list.Revision));
                await foreach (var e in store.WatchAsync(prefix, list.Revision, ct))
                {
                    Apply(e);
                }
                throw new InvalidOperationException("the watch ended");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break; // the store closed under a server that is stopping
            }
            catch (Exception e) when (e is StorageException or InvalidOperationException or System.Text.Json.JsonException)
            {
                // Until the re-list is in, every read goes to storage.
                Publish(null);
                logger.LogDebug(e, "watch cache {Prefix}: re-listing after {Reason}", prefix, e.Message);
                try
                {
                    await Task.Delay(RelistDelay, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        Publish(null);
    }

    private void Apply(WatchEvent e)
    {
        var snapshot = Current ?? throw new InvalidOperationException("watch event before the list");
        var bucket = Bucket(e.Kv.Key);
        Publish(e.Type == WatchEventType.Delete
            ? snapshot.Remove(bucket, e.Kv.Key, e.Revision)
            : snapshot.Put(bucket, CachedObject.From(e.Kv), e.Revision));
    }

    private void Publish(WatchCacheSnapshot? snapshot)
    {
        Volatile.Write(ref current, snapshot);
        Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();
    }

    /// <summary>The namespace bucket of a key: "ns/" for a namespaced resource, "" otherwise.</summary>
    public string Bucket(string key)
    {
        if (!namespaced)
        {
            return "";
        }
        var slash = key.IndexOf('/', prefix.Length);
        return slash < 0 ? "" : key[prefix.Length..(slash + 1)];
    }

    /// <summary>
    /// A snapshot that holds the store's state at a revision no older than <paramref name="minRevision"/>, or,
    /// when <paramref name="minRevision"/> is 0, at the store's current revision (a consistent read). Waits up to
    /// <see cref="FreshnessTimeout"/> for the cache to catch up; null when it does not (or is not ready), and
    /// the caller reads storage.
    /// </summary>
    public async Task<WatchCacheSnapshot?> WaitFreshAsync(long minRevision, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + FreshnessTimeout;
        var reader = store as IPrefixStateReader;
        while (true)
        {
            var signal = Volatile.Read(ref changed).Task;
            var snapshot = Current;
            if (snapshot is null)
            {
                return null; // not filled yet, or re-listing: storage answers, as upstream's does for a cache not ready
            }
            if (minRevision > 0 && snapshot.Revision >= minRevision)
            {
                return snapshot;
            }
            if (reader is null)
            {
                return null;
            }
            var state = await reader.ReadPrefixStateAsync(prefix, snapshot.Revision, ct);
            if (state.NewestModRevision == 0 && state.Count == snapshot.Count && state.Revision >= minRevision)
            {
                // Nothing under the prefix changed since the snapshot: it is the state at the read's revision.
                return snapshot with { Revision = Math.Max(snapshot.Revision, state.Revision) };
            }
            var waitFor = state.NewestModRevision;
            // Wait for the watch to bring the cache on (to the newest write the read saw, when it saw one).
            do
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }
                try
                {
                    await signal.WaitAsync(left, ct);
                }
                catch (TimeoutException)
                {
                    return null;
                }
                signal = Volatile.Read(ref changed).Task;
            }
            while (waitFor > 0 && Current is { } now && now.Revision < waitFor);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
