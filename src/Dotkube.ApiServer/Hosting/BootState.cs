using System.Text.Json.Nodes;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Hosting;

/// <summary>
/// What every cluster has from its first second: the system namespaces, the `kubernetes` Service
/// and its Endpoints and EndpointSlice, and the system PriorityClasses. Idempotent: runs on every start and only
/// creates what is missing.
/// </summary>
public static class BootState
{
    public static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ApiHandler api, string serviceClusterIP, string advertiseAddress, int port, CancellationToken ct)
    {
        foreach (var ns in SystemNamespaces)
        {
            await EnsureAsync(api, "", "v1", "namespaces", "", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns },
            }, ct);
        }
        await EnsureAsync(api, "", "v1", "services", "default", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = serviceClusterIP,
                ["clusterIPs"] = new JsonArray(serviceClusterIP),
                ["sessionAffinity"] = "None",
                ["ports"] = new JsonArray(new JsonObject
                {
                    ["name"] = "https",
                    ["protocol"] = "TCP",
                    ["port"] = 443,
                    ["targetPort"] = port,
                }),
            },
        }, ct);
        await EnsureAsync(api, "", "v1", "endpoints", "default", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" },
            },
            ["subsets"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(new JsonObject { ["ip"] = advertiseAddress }),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
            }),
        }, ct);
        // Upstream's endpoint reconciler mirrors the kubernetes Endpoints into an EndpointSlice of the same name.
        await EnsureAsync(api, "discovery.k8s.io", "v1", "endpointslices", "default", new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = "kubernetes" },
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(advertiseAddress),
                ["conditions"] = new JsonObject { ["ready"] = true },
            }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        }, ct);
        foreach (var (name, value, description) in new[]
        {
            ("system-node-critical", 2000001000L, "Used for system critical pods that must not be moved from their current node."),
            ("system-cluster-critical", 2000000000L, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
        })
        {
            await EnsureAsync(api, "scheduling.k8s.io", "v1", "priorityclasses", "", new JsonObject
            {
                ["apiVersion"] = "scheduling.k8s.io/v1",
                ["kind"] = "PriorityClass",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["value"] = value,
                ["description"] = description,
                ["preemptionPolicy"] = "PreemptLowerPriority",
            }, ct);
        }
    }

    private static async Task EnsureAsync(ApiHandler api, string group, string version, string plural, string ns, JsonObject obj, CancellationToken ct)
    {
        var def = api.Registry.Find(group, version, plural);
        if (def is null)
        {
            return;
        }
        var store = api.StoreFor(def);
        if (await store.TryGetAsync(ns, ObjectJson.Name(obj), ct) is not null)
        {
            return;
        }
        try
        {
            // The endpoint reconciler writes below validation upstream: the address may be loopback.
            var options = plural is "endpoints" or "endpointslices" ? WriteOptions.Internal with { SkipValidation = true } : WriteOptions.Internal;
            await store.CreateAsync(ns, VersionBridge.ToStorage(obj, def), options, ct);
        }
        catch (StatusException e) when (e.Reason == "AlreadyExists")
        {
            // Another server created it first: the state is what we wanted.
        }
    }
}
