using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Admission.Webhooks;

/// <summary>
/// The current objects of one resource kept in memory by a list and a watch on its store (the
/// way RbacCache is fed), re-listing after a watch failure, so admission reads no storage and
/// sees configuration changes without a restart. <see cref="Generation"/> moves on every change
/// so readers can rebuild what they derive from the objects only when something changed.
/// </summary>
public sealed class WatchedObjects(ResourceDefinition definition, Func<ResourceDefinition, GenericStore> storeFor, ILogger logger)
{
    private readonly ConcurrentDictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long generation;

    public ResourceDefinition Definition => definition;

    /// <summary>Completes after the first list.</summary>
    public Task Synced => synced.Task;

    public long Generation => Interlocked.Read(ref generation);

    /// <summary>The objects, keyed "namespace/name" ("/name" for cluster-scoped ones).</summary>
    public IReadOnlyCollection<JsonObject> Items => [.. objects.Values];

    public JsonObject? Get(string ns, string name) => objects.GetValueOrDefault(ns + "/" + name);

    /// <summary>Applies one object or its deletion (what the watch calls; tests call it directly).</summary>
    public void Apply(JsonObject obj, bool deleted)
    {
        var key = ObjectJson.Namespace(obj) + "/" + ObjectJson.Name(obj);
        if (deleted)
        {
            objects.TryRemove(key, out _);
        }
        else
        {
            objects[key] = obj;
        }
        Interlocked.Increment(ref generation);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var store = storeFor(definition);
                var page = await store.ListAsync("", new ListQuery(), ct);
                objects.Clear();
                foreach (var item in page.Items)
                {
                    Apply(item, deleted: false);
                }
                Interlocked.Increment(ref generation);
                synced.TrySetResult();
                await foreach (var e in store.WatchAsync("", page.ResourceVersion, ct))
                {
                    Apply(e.Object, e.Type == "DELETED");
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Storage.StorageException or Machinery.Errors.StatusException)
            {
                // The re-list replaces everything, so nothing missed in between survives.
                logger.LogDebug(e, "admission cache: re-listing {Resource} after a watch failure", definition.Plural);
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }
}
