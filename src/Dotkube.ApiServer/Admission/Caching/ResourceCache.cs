using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Admission.Caching;

/// <summary>
/// One resource's objects kept in memory from a list and a watch, as upstream's admission plugins
/// read them from informers. It answers only when it is synced and has applied the newest write
/// this server made to the resource (<see cref="GenericStore.LastWriteRevision"/>): a client that
/// was told its LimitRange or quota was created sees it applied to its next pod. Otherwise the
/// caller reads storage, as upstream's plugins fall back to a live lookup.
/// </summary>
public sealed class ResourceCache(Func<GenericStore?> resource, ILogger logger)
{
    private ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> byNamespace = new(StringComparer.Ordinal);
    private const long NotSynced = -1;
    private long applied = NotSynced;

    /// <summary>The revision of the list or event applied last; -1 while not synced.</summary>
    public long AppliedRevision => Volatile.Read(ref applied);

    /// <summary>Whether reads may be answered from memory now.</summary>
    public bool Fresh => AppliedRevision is var at && at != NotSynced && resource() is { } store && store.LastWriteRevision <= at;

    /// <summary>
    /// One object (a copy the caller may change), or null when the cache knows none. Returns false
    /// when the cache cannot answer (not synced, or behind this server's writes).
    /// </summary>
    /// <param name="copy">false for a caller that only reads: the cached object itself, shared.</param>
    public bool TryGet(string ns, string name, out JsonObject? obj, bool copy = true)
    {
        obj = null;
        if (!Fresh)
        {
            return false;
        }
        if (byNamespace.TryGetValue(ns, out var names) && names.TryGetValue(name, out var found))
        {
            obj = copy ? (JsonObject)found.DeepClone() : found;
        }
        return true;
    }

    /// <summary>
    /// The objects of a namespace ("": all of them, as for a cluster-scoped resource), as copies the
    /// caller may change; null when the cache cannot answer.
    /// </summary>
    /// <param name="copy">false for a caller that only reads: the cached objects themselves, shared.</param>
    public IReadOnlyList<JsonObject>? TryList(string ns, bool copy = true)
    {
        if (!Fresh)
        {
            return null;
        }
        // In key order, as a list from storage is.
        var all = byNamespace;
        if (ns.Length == 0)
        {
            return [.. all.SelectMany(n => n.Value.Select(o => (Key: n.Key.Length == 0 ? o.Key : $"{n.Key}/{o.Key}", o.Value)))
                .OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => copy ? (JsonObject)o.Value.DeepClone() : o.Value)];
        }
        return all.TryGetValue(ns, out var inNamespace) ? Copies(inNamespace, copy) : [];
    }

    private static List<JsonObject> Copies(ConcurrentDictionary<string, JsonObject> names, bool copy) => names.IsEmpty
        ? []
        : [.. names.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => copy ? (JsonObject)n.Value.DeepClone() : n.Value)];

    /// <summary>Fills the cache and follows changes until cancelled, re-listing after any failure.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resource() is not { } store)
                {
                    return; // not served here: every read goes to storage, which has none
                }
                Volatile.Write(ref applied, NotSynced);
                var page = await store.ListAsync("", new ListQuery(), ct);
                var filled = new ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>>(StringComparer.Ordinal);
                foreach (var obj in page.Items)
                {
                    Put(filled, obj);
                }
                byNamespace = filled;
                Volatile.Write(ref applied, page.ResourceVersion);
                await foreach (var e in store.WatchAsync("", page.ResourceVersion, ct))
                {
                    if (e.Type == "DELETED")
                    {
                        Remove(e.Object);
                    }
                    else
                    {
                        Put(byNamespace, e.Object);
                    }
                    Volatile.Write(ref applied, e.Revision);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Storage.StorageException or Machinery.Errors.StatusException)
            {
                // Until the re-list, every read goes to storage.
                Volatile.Write(ref applied, NotSynced);
                logger.LogDebug(e, "admission cache: re-listing after a watch failure");
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    private static void Put(ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> into, JsonObject obj)
    {
        // Readers may share the object (read-only): it is built out in full before anyone sees it, so
        // no two readers race to expand a lazily parsed node.
        Materialize(obj);
        into.GetOrAdd(ObjectJson.Namespace(obj), _ => new(StringComparer.Ordinal))[ObjectJson.Name(obj)] = obj;
    }

    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Materialize(child);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Materialize(child);
                }
                break;
        }
    }

    private void Remove(JsonObject obj)
    {
        if (byNamespace.TryGetValue(ObjectJson.Namespace(obj), out var names))
        {
            names.TryRemove(ObjectJson.Name(obj), out _);
        }
    }
}
