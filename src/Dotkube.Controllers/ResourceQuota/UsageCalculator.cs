using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Serialization;
using k8s.Models;
using Dotkube.Machinery.Quantities;
using Dotkube.Machinery.Quota;

namespace Dotkube.Controllers.ResourceQuota;

/// <summary>
/// A quota's status.used from live objects: pods, services and claims from the (typed, shared)
/// informer caches, any other count/RESOURCE.GROUP by listing that resource in the namespace (its
/// group's preferred version found through discovery).
/// </summary>
public sealed class UsageCalculator(
    KubeApiClient client,
    IObjectCache<V1Pod> pods,
    IObjectCache<V1Service> services,
    IObjectCache<V1PersistentVolumeClaim> claims,
    TimeProvider clock)
{
    // The quota evaluator reads untyped objects; each cached object (a new instance per version)
    // is converted once, and only in namespaces that have quotas, instead of keeping a second,
    // untyped watch and cache of every pod, service and claim.
    private static readonly ConditionalWeakTable<object, JsonObject> Untyped = new();
    private readonly ConcurrentDictionary<string, string> preferredVersions = new();

    public async Task<Dictionary<string, Quantity>> UsedAsync(JsonObject quota, CancellationToken ct)
    {
        var ns = quota["metadata"]?["namespace"]?.GetValue<string>() ?? "";
        var hard = ResourceList.Parse(quota["spec"]?["hard"]);
        var used = hard.Keys.ToDictionary(k => k, _ => Quantity.Zero, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var kinds = new List<(string Group, string Resource, Func<Task<IReadOnlyList<JsonObject>>> Objects)>
        {
            ("", "pods", () => Task.FromResult(AsJson(pods.List(ns)))),
            ("", "services", () => Task.FromResult(AsJson(services.List(ns)))),
            ("", "persistentvolumeclaims", () => Task.FromResult(AsJson(claims.List(ns)))),
        };
        foreach (var name in hard.Keys)
        {
            if (CountedResource(name) is { } gr && !kinds.Any(k => k.Group == gr.Group && k.Resource == gr.Resource))
            {
                kinds.Add((gr.Group, gr.Resource, () => ListAsync(gr.Group, gr.Resource, ns, ct)));
            }
            else if (QuotaResourceNames.HasLegacyCountName("", name) && !kinds.Any(k => k.Group == "" && k.Resource == name))
            {
                kinds.Add(("", name, () => ListAsync("", name, ns, ct)));
            }
        }
        foreach (var (group, resource, objects) in kinds)
        {
            var names = QuotaEvaluator.MatchingResources(group, resource, hard.Keys);
            if (names.Count == 0)
            {
                continue;
            }
            foreach (var obj in await objects())
            {
                if (QuotaEvaluator.MatchesScopes(quota, group, resource, obj))
                {
                    used = ResourceList.Add(used, ResourceList.Mask(QuotaEvaluator.Usage(group, resource, obj, now), names));
                }
            }
        }
        return used;
    }

    private static IReadOnlyList<JsonObject> AsJson<T>(IReadOnlyList<T> objects)
        where T : class =>
        [.. objects.Select(o => Untyped.GetValue(o, static x => JsonSerializer.SerializeToNode(x, x.GetType(), KubeJson.Options) as JsonObject ?? []))];

    /// <summary>count/RESOURCE[.GROUP] to its group and resource.</summary>
    public static (string Group, string Resource)? CountedResource(string quotaName)
    {
        if (!quotaName.StartsWith("count/", StringComparison.Ordinal))
        {
            return null;
        }
        var rest = quotaName["count/".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("", rest) : (rest[(dot + 1)..], rest[..dot]);
    }

    private async Task<IReadOnlyList<JsonObject>> ListAsync(string group, string resource, string ns, CancellationToken ct)
    {
        var version = group.Length == 0 ? "v1" : await PreferredVersionAsync(group, ct);
        if (version is null)
        {
            return [];
        }
        var type = new ResourceType(group, version, resource, "", true);
        try
        {
            return (await client.ListAllAsync<JsonObject>(type, ns, cancellationToken: ct)).Items;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Not (or no longer) served: nothing of it exists.
            return [];
        }
    }

    private async Task<string?> PreferredVersionAsync(string group, CancellationToken ct)
    {
        if (preferredVersions.TryGetValue(group, out var known))
        {
            return known;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, $"/apis/{group}"));
        using var response = await client.SendAsync(request, streaming: false, ct);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        var version = doc?["preferredVersion"]?["version"]?.GetValue<string>();
        if (version is not null)
        {
            preferredVersions[group] = version;
        }
        return version;
    }
}
