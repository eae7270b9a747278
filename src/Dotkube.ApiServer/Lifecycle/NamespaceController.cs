using System.Text.Json.Nodes;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>
/// Finishes namespace deletion: once a namespace is Terminating, deletes everything in it, waits
/// until nothing is left, then clears the "kubernetes" finalizer so the namespace goes. A
/// reconciler keyed by namespace name, retried with backoff while content remains.
/// It runs in the API server's process and writes through the generic store as system:apiserver;
/// the workloads issue moves it onto the shared informer client with the other controllers.
/// </summary>
public sealed class NamespaceController(ApiHandler api, ILogger logger)
{
    private const string Finalizer = "kubernetes";

    public async Task RunAsync(CancellationToken ct)
    {
        var nsDef = api.Registry.Find("", "v1", "namespaces") ?? throw new InvalidOperationException("namespaces are not registered");
        var store = api.StoreFor(nsDef);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var page = await store.ListAsync("", new ListQuery(ObjectJson.IsDeleting), ct);
                var pending = false;
                foreach (var ns in page.Items)
                {
                    pending |= !await ReconcileAsync(store, ObjectJson.Name(ns), ct);
                }
                var after = page.ResourceVersion;
                // Wait for the next namespace change, or retry soon while content is still going away.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(pending ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(30));
                try
                {
                    await foreach (var e in store.WatchAsync("", after, wait.Token))
                    {
                        if (ObjectJson.IsDeleting(e.Object))
                        {
                            break;
                        }
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StatusException or Storage.StorageException)
            {
                logger.LogWarning(e, "namespace controller: retrying after error");
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <returns>true when the namespace is done (finalized or gone).</returns>
    public async Task<bool> ReconcileAsync(GenericStore namespaces, string name, CancellationToken ct)
    {
        var ns = await namespaces.TryGetAsync("", name, ct);
        if (ns is null || !ObjectJson.IsDeleting(ns))
        {
            return true;
        }
        var remaining = 0;
        foreach (var def in api.Registry.All.Where(d => d.Namespaced && d.Verbs.Contains("delete")))
        {
            var store = api.StoreFor(def);
            var page = await store.ListAsync(name, new ListQuery(), ct);
            foreach (var obj in page.Items)
            {
                remaining++;
                if (ObjectJson.IsDeleting(obj))
                {
                    continue;
                }
                try
                {
                    await store.DeleteAsync(name, ObjectJson.Name(obj), new DeleteRequest(PropagationPolicy: "Background"), WriteOptions.Internal, ct);
                }
                catch (StatusException e) when (e.Code == 404)
                {
                    remaining--;
                }
            }
        }
        if (remaining > 0)
        {
            // Check again: most deletions are immediate.
            remaining = 0;
            foreach (var def in api.Registry.All.Where(d => d.Namespaced && d.Verbs.Contains("delete")))
            {
                remaining += (await api.StoreFor(def).ListAsync(name, new ListQuery(Limit: 1), ct)).Items.Count;
            }
            if (remaining > 0)
            {
                return false;
            }
        }
        await namespaces.UpdateAsync("", name, current =>
        {
            if (current["spec"]?["finalizers"] is JsonArray finalizers)
            {
                var kept = new JsonArray();
                foreach (var f in finalizers)
                {
                    if (f?.GetValue<string>() != Finalizer)
                    {
                        kept.Add(f?.DeepClone());
                    }
                }
                current["spec"]!["finalizers"] = kept;
            }
            ObjectJson.Metadata(current).Remove("resourceVersion");
            return current;
        }, UpdateTarget.Subresource, WriteOptions.Internal, ct);
        logger.LogInformation("namespace {Namespace} finalized", name);
        return true;
    }
}
