using System.Text.Json.Nodes;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Storage;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Hosting;

/// <summary>
/// Keeps the <c>kubernetes</c> Service's Endpoints and EndpointSlices listing every live API server, as upstream's
/// lease endpoint reconciler: every <see cref="EndpointReconcilerOptions.Interval"/> this server renews its own
/// master lease, reads the live set, and rewrites the endpoints when they differ. On graceful shutdown it removes
/// its lease and its address at once; a server that dies drops out when its lease lapses.
/// </summary>
public sealed class LeaseEndpointReconciler(ApiHandler api, EndpointReconcilerOptions options, ILogger logger)
{
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(includeSelf: true, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StatusException or StorageException)
            {
                logger.LogWarning("reconciling the kubernetes Service's endpoints failed, retrying in {Interval}: {Error}", options.Interval, e.Message);
            }

            try
            {
                await Task.Delay(options.Interval, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Graceful shutdown: this server's lease goes, and so does its address from the endpoints.</summary>
    public async Task RemoveSelfAsync(CancellationToken ct)
    {
        await options.Leases.RemoveAsync(options.Self, ct);
        await ReconcileAsync(includeSelf: false, ct);
    }

    /// <summary>One round: renew (unless leaving), read the live servers, and write the endpoints that differ.</summary>
    public async Task ReconcileAsync(bool includeSelf, CancellationToken ct)
    {
        await oneAtATime.WaitAsync(ct);
        try
        {
            if (includeSelf)
            {
                await options.Leases.UpdateAsync(options.Self, options.Ttl, ct);
            }

            var live = (await options.Leases.ListAsync(ct)).ToHashSet();
            if (includeSelf)
            {
                live.Add(options.Self);
            }
            else
            {
                live.Remove(options.Self);
            }

            if (live.Count == 0)
            {
                // Upstream refuses to erase every endpoint: the last server leaves its address behind.
                return;
            }

            var groups = KubernetesEndpoints.ByPort(live);
            await WriteEndpointsAsync(KubernetesEndpoints.Subsets(groups), ct);
            await WriteSlicesAsync(KubernetesEndpoints.Slices(groups), ct);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task WriteEndpointsAsync(JsonArray subsets, CancellationToken ct)
    {
        var store = Store("", "v1", "endpoints");
        if (store is null)
        {
            return;
        }

        var current = await store.TryGetAsync(KubernetesEndpoints.Namespace, KubernetesEndpoints.Name, ct);
        if (current is null)
        {
            await CreateAsync(store, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Endpoints",
                ["metadata"] = new JsonObject
                {
                    ["name"] = KubernetesEndpoints.Name,
                    ["namespace"] = KubernetesEndpoints.Namespace,
                    ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" },
                },
                ["subsets"] = subsets,
            }, ct);
            return;
        }

        if (JsonNode.DeepEquals(current["subsets"], subsets))
        {
            return;
        }

        logger.LogInformation("the kubernetes Service's endpoints are now {Endpoints}", Describe(subsets));
        await store.UpdateAsync(KubernetesEndpoints.Namespace, KubernetesEndpoints.Name, obj =>
        {
            obj["subsets"] = subsets.DeepClone();
            return obj;
        }, UpdateTarget.Subresource, WriteOptions.Internal, ct);
    }

    private async Task WriteSlicesAsync(IReadOnlyDictionary<string, JsonObject> desired, CancellationToken ct)
    {
        var store = Store("discovery.k8s.io", "v1", "endpointslices");
        if (store is null)
        {
            return;
        }

        var existing = (await store.ListAsync(KubernetesEndpoints.Namespace, new ListQuery(KubernetesEndpoints.IsOurs), ct)).Items
            .ToDictionary(s => ObjectJson.Name(s), StringComparer.Ordinal);
        foreach (var (name, slice) in desired)
        {
            if (!existing.TryGetValue(name, out var current))
            {
                await CreateAsync(store, slice, ct);
            }
            else if (!JsonNode.DeepEquals(current["endpoints"], slice["endpoints"]) || !JsonNode.DeepEquals(current["ports"], slice["ports"])
                || !JsonNode.DeepEquals(current["addressType"], slice["addressType"]))
            {
                await store.UpdateAsync(KubernetesEndpoints.Namespace, name, obj =>
                {
                    obj["addressType"] = slice["addressType"]!.DeepClone();
                    obj["endpoints"] = slice["endpoints"]!.DeepClone();
                    obj["ports"] = slice["ports"]!.DeepClone();
                    return obj;
                }, UpdateTarget.Subresource, WriteOptions.Internal, ct);
            }
        }

        foreach (var name in existing.Keys.Where(n => !desired.ContainsKey(n)))
        {
            try
            {
                await store.DeleteAsync(KubernetesEndpoints.Namespace, name, new DeleteRequest(), WriteOptions.Internal, ct);
            }
            catch (StatusException e) when (e.Code == 404)
            {
                // another server removed it first
            }
        }
    }

    private static async Task CreateAsync(GenericStore store, JsonObject obj, CancellationToken ct)
    {
        try
        {
            // The reconciler writes below validation upstream too: the address may be loopback.
            await store.CreateAsync(KubernetesEndpoints.Namespace, VersionBridge.ToStorage(obj, store.Definition), WriteOptions.Internal with { SkipValidation = true }, ct);
        }
        catch (StatusException e) when (e.Reason == "AlreadyExists")
        {
            // another server created it first; the next round compares it
        }
    }

    private GenericStore? Store(string group, string version, string plural) =>
        api.Registry.Find(group, version, plural) is { } def ? api.StoreFor(def) : null;

    private static string Describe(JsonArray subsets) => string.Join(",", subsets.SelectMany(s =>
        s!["addresses"]!.AsArray().Select(a => $"{a!["ip"]}:{s["ports"]![0]!["port"]}")));
}
