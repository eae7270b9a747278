using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.WatchCache;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// The read paths through the watch cache, with kube-apiserver 1.32's rules (ConsistentListFromCache on):
/// a list goes to storage when it has a continue token, resourceVersionMatch=Exact, or a limit with any
/// resourceVersion but "0"; otherwise the cache answers once it holds a state no older than the list needs
/// (for a consistent list: the store's current revision). A get goes to storage unless it names a
/// resourceVersion. Writes use the cached object as their first guess of the current one.
/// </summary>
public sealed partial class GenericStore
{
    private ResourceWatchCache? Cache => caches?.For(definition);

    /// <summary>Lists objects the caller may change (copies when they come from the cache).</summary>
    public async Task<ListPage> ListAsync(string ns, ListQuery query, CancellationToken ct)
    {
        if (await ListFromCacheAsync(ns, query, ct) is { } cached)
        {
            return cached with { Items = [.. cached.Items.Select(o => (JsonObject)o.DeepClone())], Shared = false };
        }
        return await ListFromStorageAsync(ns, query, ct);
    }

    /// <summary>Lists without copying: items may be the cache's own objects (<see cref="ListPage.Shared"/>), read-only.</summary>
    public async Task<ListPage> ListSharedAsync(string ns, ListQuery query, CancellationToken ct) =>
        await ListFromCacheAsync(ns, query, ct) ?? await ListFromStorageAsync(ns, query, ct);

    /// <summary>upstream's shouldDelegateList (1.32): what the watch cache does not serve.</summary>
    public static bool DelegatesToStorage(ListQuery query) =>
        query.Continue is { Length: > 0 } || query.Revision > 0 || (query.Limit > 0 && !query.AnyRevision);

    private async Task<ListPage?> ListFromCacheAsync(string ns, ListQuery query, CancellationToken ct)
    {
        if (Cache is not { } cache || DelegatesToStorage(query))
        {
            return null;
        }
        var snapshot = query.AnyRevision ? cache.Current : await cache.WaitFreshAsync(query.MinRevision, ct);
        if (snapshot is null)
        {
            return null;
        }
        var filter = query.Filter;
        var items = new List<JsonObject>(filter is null ? snapshot.Count : 16);
        foreach (var cached in snapshot.Items(definition.Namespaced ? ns : ""))
        {
            if (filter is null || filter(cached.Object))
            {
                items.Add(cached.Object);
            }
        }
        // resourceVersion "0" ignores the limit: the whole list, no continue token (upstream before 1.33).
        return new ListPage(items, snapshot.Revision, null, null) { Shared = true };
    }

    /// <summary>
    /// A get with a resourceVersion: "" reads storage; "0" the cache as it is; N the cache once it holds N or
    /// newer. Returns an object the caller may change.
    /// </summary>
    public async Task<JsonObject> GetAsync(string ns, string name, string resourceVersion, CancellationToken ct)
    {
        if (resourceVersion.Length > 0 && Cache is { } cache)
        {
            if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
            {
                throw StatusException.BadRequest($"invalid resource version: \"{resourceVersion}\"");
            }
            var snapshot = rv == 0 ? cache.Current : await cache.WaitFreshAsync(rv, ct);
            if (snapshot is not null)
            {
                var key = KeyFor(ns, name);
                return snapshot.Get(cache.Bucket(key), key)?.Copy() ?? throw NotFound(name);
            }
        }
        return await GetAsync(ns, name, ct);
    }

    /// <summary>
    /// The object a write starts from: the cached one when <paramref name="guess"/> allows and the cache has
    /// it (upstream's cachedExistingObject; a wrong guess costs a retry from storage), else a storage read.
    /// </summary>
    private async Task<(long ModRevision, JsonObject Object, bool Guessed)> CurrentAsync(string key, string name, bool guess, CancellationToken ct)
    {
        if (guess && Cache is { } cache && cache.Current?.Get(cache.Bucket(key), key) is { } cached)
        {
            return (cached.ModRevision, cached.Copy(), true);
        }
        var kv = await store.GetAsync(key, 0, ct) ?? throw NotFound(name);
        return (kv.ModRevision, Decode(kv), false);
    }
}
