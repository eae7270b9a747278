using System.Collections.Concurrent;
using Dotkube.ApiServer.Registry;
using Dotkube.Storage;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.WatchCache;

/// <summary>
/// The API server's watch caches, one per storage prefix (--watch-cache, on by default as upstream's).
/// A resource's cache starts with the first read or write that can use it, so resources nobody touches
/// cost no memory; until its first list is in, reads go to storage.
/// </summary>
public sealed class WatchCaches(IRevisionedStore store, ILoggerFactory loggerFactory, CancellationToken stopping)
{
    private readonly ConcurrentDictionary<string, Lazy<ResourceWatchCache>> caches = new(StringComparer.Ordinal);
    private readonly ILogger logger = loggerFactory.CreateLogger("dotkube.watch-cache");

    public ResourceWatchCache For(ResourceDefinition definition) =>
        caches.GetOrAdd(definition.StoragePrefix + "/", prefix => new Lazy<ResourceWatchCache>(() => Start(prefix, definition.Namespaced))).Value;

    /// <summary>The caches started so far.</summary>
    public IReadOnlyCollection<ResourceWatchCache> Started => [.. caches.Values.Where(c => c.IsValueCreated).Select(c => c.Value)];

    private ResourceWatchCache Start(string prefix, bool namespaced)
    {
        var cache = new ResourceWatchCache(store, prefix, namespaced, logger);
        _ = Task.Run(() => cache.RunAsync(stopping), CancellationToken.None);
        return cache;
    }
}
