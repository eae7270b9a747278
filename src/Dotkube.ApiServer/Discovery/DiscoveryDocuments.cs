using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Routing;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Discovery;

/// <summary>
/// Serves /api, /apis, /apis/{group} and /api(s)/.../{version}, both the legacy documents and the
/// aggregated apidiscovery.k8s.io/v2 form kubectl 1.32 asks for first. Built from the registry on
/// every request (cheap) so CRDs appear as soon as they register.
/// </summary>
public sealed class DiscoveryDocuments(ResourceRegistry registry, Func<string> serverAddress)
{
    private const string AggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>Group-versions served by extension API servers (the aggregation layer's); listed after the local groups.</summary>
    public Func<IReadOnlyList<Aggregation.ExternalGroupVersion>>? External { get; set; }

    private List<IGrouping<string, Aggregation.ExternalGroupVersion>> ExternalGroups(List<ServedGroup> local) =>
        External is { } external
            ? [.. Aggregation.ExternalDiscovery.Groups(external()).Where(g => !local.Any(l => l.Name == g.Key))]
            : [];

    public async Task<bool> TryServeAsync(HttpContext ctx, RequestInfo info)
    {
        if (ctx.Request.Method is not ("GET" or "HEAD"))
        {
            return false;
        }
        var parts = info.Parts;
        var aggregated = WantsAggregated(ctx.Request.Headers.Accept.ToString());
        if (parts.Count == 1 && parts[0] == "api")
        {
            if (aggregated is { } v)
            {
                await WriteAggregatedAsync(ctx, v, [.. registry.Groups().Where(g => g.Name.Length == 0)]);
                return true;
            }
            await Responses.WriteJsonAsync(ctx, 200, new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
                {
                    ["clientCIDR"] = "0.0.0.0/0",
                    ["serverAddress"] = serverAddress(),
                }),
            });
            return true;
        }
        if (parts.Count == 1 && parts[0] == "apis")
        {
            var groups = registry.Groups().Where(g => g.Name.Length > 0).ToList();
            var external = ExternalGroups(groups);
            if (aggregated is { } v)
            {
                await WriteAggregatedAsync(ctx, v, groups, external);
                return true;
            }
            var list = new JsonArray();
            foreach (var g in groups)
            {
                list.Add(GroupDocument(g, includeTypeMeta: false));
            }
            foreach (var g in external)
            {
                list.Add(Aggregation.ExternalDiscovery.GroupDocument(g, includeTypeMeta: false));
            }
            await Responses.WriteJsonAsync(ctx, 200, new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = list });
            return true;
        }
        if (parts.Count == 2 && parts[0] == "apis")
        {
            var g = registry.Groups().FirstOrDefault(x => x.Name == parts[1] && x.Name.Length > 0);
            if (g is null)
            {
                if (ExternalGroups([]).FirstOrDefault(x => x.Key == parts[1]) is { } remote)
                {
                    await Responses.WriteJsonAsync(ctx, 200, Aggregation.ExternalDiscovery.GroupDocument(remote, includeTypeMeta: true));
                    return true;
                }
                return false;
            }
            await Responses.WriteJsonAsync(ctx, 200, GroupDocument(g, includeTypeMeta: true));
            return true;
        }
        if ((parts.Count == 2 && parts[0] == "api") || (parts.Count == 3 && parts[0] == "apis"))
        {
            var group = parts[0] == "api" ? "" : parts[1];
            var version = parts[^1];
            var defs = registry.InGroupVersion(group, version).ToList();
            if (defs.Count == 0)
            {
                return false;
            }
            await Responses.WriteJsonAsync(ctx, 200, ResourceList(group, version, defs));
            return true;
        }
        return false;
    }

    /// <summary>The aggregated discovery version the client prefers, if it asked for one we serve.</summary>
    private static string? WantsAggregated(string accept)
    {
        foreach (var r in MediaTypes.ParseAccept(accept))
        {
            if (r.Param("as") == "APIGroupDiscoveryList" && r.Param("g") == "apidiscovery.k8s.io" && r.Param("v") is "v2" or "v2beta1")
            {
                return r.Param("v");
            }
            if (r.Type is MediaTypes.Json or "*/*" && r.Param("as") is null)
            {
                return null;
            }
        }
        return null;
    }

    private static JsonObject GroupDocument(ServedGroup g, bool includeTypeMeta)
    {
        var versions = new JsonArray();
        foreach (var v in g.Versions)
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{g.Name}/{v}", ["version"] = v });
        }
        var doc = new JsonObject();
        if (includeTypeMeta)
        {
            doc["kind"] = "APIGroup";
            doc["apiVersion"] = "v1";
        }
        doc["name"] = g.Name;
        doc["versions"] = versions;
        doc["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{g.Name}/{g.PreferredVersion}", ["version"] = g.PreferredVersion };
        return doc;
    }

    private static JsonObject ResourceList(string group, string version, List<ResourceDefinition> defs)
    {
        var resources = new JsonArray();
        foreach (var d in defs)
        {
            var r = new JsonObject
            {
                ["name"] = d.Plural,
                ["singularName"] = d.Singular,
                ["namespaced"] = d.Namespaced,
                ["kind"] = d.Kind,
                ["verbs"] = Array(d.Verbs),
            };
            if (d.ShortNames.Count > 0)
            {
                r["shortNames"] = Array(d.ShortNames);
            }
            if (d.Categories.Count > 0)
            {
                r["categories"] = Array(d.Categories);
            }
            r["storageVersionHash"] = StorageVersionHash(d);
            resources.Add(r);
            foreach (var sub in d.Subresources)
            {
                var si = SubresourceInfo.For(sub, d.Plural);
                var s = new JsonObject
                {
                    ["name"] = $"{d.Plural}/{sub}",
                    ["singularName"] = "",
                    ["namespaced"] = d.Namespaced,
                };
                if (si.Group is not null && (si.Group != group || si.Version != version))
                {
                    s["group"] = si.Group;
                    s["version"] = si.Version;
                }
                s["kind"] = si.Kind ?? d.Kind;
                s["verbs"] = Array(si.Verbs);
                resources.Add(s);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private async Task WriteAggregatedAsync(HttpContext ctx, string version, List<ServedGroup> groups, List<IGrouping<string, Aggregation.ExternalGroupVersion>>? external = null)
    {
        var items = new JsonArray();
        foreach (var g in groups)
        {
            var versions = new JsonArray();
            foreach (var v in g.Versions)
            {
                var resources = new JsonArray();
                foreach (var d in registry.InGroupVersion(g.Name, v))
                {
                    resources.Add(AggregatedResource(d, g.Name, v));
                }
                versions.Add(new JsonObject { ["version"] = v, ["resources"] = resources, ["freshness"] = "Current" });
            }
            var meta = new JsonObject { ["creationTimestamp"] = null };
            if (g.Name.Length > 0)
            {
                meta["name"] = g.Name;
            }
            items.Add(new JsonObject { ["metadata"] = meta, ["versions"] = versions });
        }
        foreach (var g in external ?? [])
        {
            items.Add(Aggregation.ExternalDiscovery.AggregatedGroup(g));
        }
        var doc = new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = $"apidiscovery.k8s.io/{version}",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
        var bytes = ObjectJson.ToBytes(doc);
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..32] + "\"";
        ctx.Response.Headers.ETag = etag;
        if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            ctx.Response.StatusCode = 304;
            return;
        }
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = version == "v2" ? AggregatedV2 : AggregatedV2.Replace("v=v2", "v=v2beta1", StringComparison.Ordinal);
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    private static JsonObject AggregatedResource(ResourceDefinition d, string group, string version)
    {
        var r = new JsonObject
        {
            ["resource"] = d.Plural,
            ["responseKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = d.Kind },
            ["scope"] = d.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = d.Singular,
            ["verbs"] = Array(d.Verbs),
        };
        if (d.ShortNames.Count > 0)
        {
            r["shortNames"] = Array(d.ShortNames);
        }
        if (d.Categories.Count > 0)
        {
            r["categories"] = Array(d.Categories);
        }
        if (d.Subresources.Count > 0)
        {
            var subs = new JsonArray();
            foreach (var sub in d.Subresources)
            {
                var si = SubresourceInfo.For(sub, d.Plural);
                subs.Add(new JsonObject
                {
                    ["subresource"] = sub,
                    ["responseKind"] = new JsonObject
                    {
                        ["group"] = si.Group ?? group,
                        ["version"] = si.Version ?? version,
                        ["kind"] = si.Kind ?? d.Kind,
                    },
                    ["verbs"] = Array(si.Verbs),
                });
            }
            r["subresources"] = subs;
        }
        return r;
    }

    /// <summary>An opaque hash that changes when the storage version does, as upstream's.</summary>
    private static string StorageVersionHash(ResourceDefinition d)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{d.StorageApiVersion}/{d.Kind}"));
        return Convert.ToBase64String(bytes, 0, 8);
    }

    private static JsonArray Array(IEnumerable<string> values)
    {
        var a = new JsonArray();
        foreach (var v in values)
        {
            a.Add(v);
        }
        return a;
    }
}
