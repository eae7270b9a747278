using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>
/// Namespaces kept in memory from a watch, so admission does not read storage on every create.
/// Like upstream's informer-backed lifecycle plugin, a miss falls back to a live read (a namespace
/// created a moment ago may not have arrived yet); the cache is never trusted to say "absent".
/// </summary>
public sealed class NamespaceCache(Func<GenericStore?> namespaces, ILogger logger)
{
    private readonly ConcurrentDictionary<string, JsonObject> known = new(StringComparer.Ordinal);

    public async Task<JsonObject?> GetAsync(string name, CancellationToken ct)
    {
        if (known.TryGetValue(name, out var ns))
        {
            return ns;
        }
        var store = namespaces();
        if (store is null)
        {
            return null;
        }
        var live = await store.TryGetAsync("", name, ct);
        if (live is not null)
        {
            known[name] = live;
        }
        return live;
    }

    /// <summary>Drops a namespace so the next lookup reads storage (it is being deleted right now).</summary>
    public void Forget(string name) => known.TryRemove(name, out _);

    /// <summary>Fills the cache and follows changes until cancelled, re-listing after any failure.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var store = namespaces() ?? throw new InvalidOperationException("namespaces are not registered");
                var page = await store.ListAsync("", new ListQuery(), ct);
                known.Clear();
                foreach (var ns in page.Items)
                {
                    known[ObjectJson.Name(ns)] = ns;
                }
                await foreach (var e in store.WatchAsync("", page.ResourceVersion, ct))
                {
                    var name = ObjectJson.Name(e.Object);
                    if (e.Type == "DELETED")
                    {
                        known.TryRemove(name, out _);
                    }
                    else
                    {
                        known[name] = e.Object;
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Storage.StorageException or Machinery.Errors.StatusException)
            {
                // Forget everything we might have missed; misses read storage until the re-list.
                known.Clear();
                logger.LogDebug(e, "namespace cache: re-listing after a watch failure");
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }
}
