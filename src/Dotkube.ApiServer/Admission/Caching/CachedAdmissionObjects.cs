using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Admission.Caching;

/// <summary>
/// Admission plugins' reads served from watch-fed caches of the resources they read on every
/// create (LimitRanges, ServiceAccounts, PriorityClasses, ResourceQuotas and the class resources),
/// as upstream's plugins read informers instead of storage. A read the cache cannot answer goes to
/// <paramref name="live"/>; so does everything about a resource it does not cache.
/// </summary>
public sealed class CachedAdmissionObjects(IAdmissionObjects live, Func<string, string, GenericStore?> storeFor, ILoggerFactory loggerFactory) : IAdmissionObjects
{
    /// <summary>The resources admission reads on the hot path, as (group, plural).</summary>
    public static readonly IReadOnlyList<(string Group, string Plural)> Resources =
    [
        ("", "limitranges"),
        ("", "serviceaccounts"),
        ("", "resourcequotas"),
        ("scheduling.k8s.io", "priorityclasses"),
        ("storage.k8s.io", "storageclasses"),
        ("networking.k8s.io", "ingressclasses"),
        ("node.k8s.io", "runtimeclasses"),
    ];

    private readonly Dictionary<(string, string), ResourceCache> caches = Resources.ToDictionary(
        r => r,
        r => new ResourceCache(() => storeFor(r.Group, r.Plural), loggerFactory.CreateLogger("dotkube.admission-cache")));

    public async Task<JsonObject?> GetAsync(string group, string plural, string ns, string name, CancellationToken cancellationToken)
    {
        if (caches.TryGetValue((group, plural), out var cache) && cache.TryGet(ns, name, out var obj) && obj is not null)
        {
            return obj;
        }
        // A miss is read live, as upstream's ServiceAccount plugin does: the watch may not have brought
        // an object another server created a moment ago.
        return await live.GetAsync(group, plural, ns, name, cancellationToken);
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(string group, string plural, string ns, CancellationToken cancellationToken) =>
        caches.TryGetValue((group, plural), out var cache) && cache.TryList(ns) is { } items
            ? items
            : await live.ListAsync(group, plural, ns, cancellationToken);

    public async Task<JsonObject?> GetReadOnlyAsync(string group, string plural, string ns, string name, CancellationToken cancellationToken)
    {
        if (caches.TryGetValue((group, plural), out var cache) && cache.TryGet(ns, name, out var obj, copy: false) && obj is not null)
        {
            return obj;
        }
        return await live.GetAsync(group, plural, ns, name, cancellationToken);
    }

    public async Task<IReadOnlyList<JsonObject>> ListReadOnlyAsync(string group, string plural, string ns, CancellationToken cancellationToken) =>
        caches.TryGetValue((group, plural), out var cache) && cache.TryList(ns, copy: false) is { } items
            ? items
            : await live.ListAsync(group, plural, ns, cancellationToken);

    public Task CreateAsync(string group, string plural, string ns, JsonObject obj, CancellationToken cancellationToken) =>
        live.CreateAsync(group, plural, ns, obj, cancellationToken);

    /// <summary>Whether the cache of a resource answers reads from memory now (false for one it does not cache).</summary>
    public bool IsFresh(string group, string plural) => caches.TryGetValue((group, plural), out var cache) && cache.Fresh;

    /// <summary>Runs every cache until cancelled (each re-lists on its own after a failure).</summary>
    public Task RunAsync(CancellationToken ct) => Task.WhenAll(caches.Values.Select(c => c.RunAsync(ct)));
}
