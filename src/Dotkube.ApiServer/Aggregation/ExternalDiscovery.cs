using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// The discovery shapes of aggregated group-versions: APIGroup entries for /apis and
/// apidiscovery.k8s.io/v2 group entries built from the backends' APIResourceLists.
/// </summary>
public static class ExternalDiscovery
{
    /// <summary>The aggregated groups in order, each with its versions (highest priority first).</summary>
    public static IEnumerable<IGrouping<string, ExternalGroupVersion>> Groups(IReadOnlyList<ExternalGroupVersion> all) =>
        all.GroupBy(g => g.Group);

    /// <summary>An APIGroup document (for /apis and /apis/GROUP).</summary>
    public static JsonObject GroupDocument(IGrouping<string, ExternalGroupVersion> group, bool includeTypeMeta)
    {
        var versions = new JsonArray();
        foreach (var v in group)
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{group.Key}/{v.Version}", ["version"] = v.Version });
        }
        var preferred = group.First().Version;
        var doc = new JsonObject();
        if (includeTypeMeta)
        {
            doc["kind"] = "APIGroup";
            doc["apiVersion"] = "v1";
        }
        doc["name"] = group.Key;
        doc["versions"] = versions;
        doc["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group.Key}/{preferred}", ["version"] = preferred };
        return doc;
    }

    /// <summary>An APIGroupDiscovery item: each version's resources with their subresources folded in.</summary>
    public static JsonObject AggregatedGroup(IGrouping<string, ExternalGroupVersion> group)
    {
        var versions = new JsonArray();
        foreach (var v in group)
        {
            versions.Add(new JsonObject
            {
                ["version"] = v.Version,
                ["resources"] = AggregatedResources(v.Group, v.Version, v.Resources),
                ["freshness"] = v.Fresh ? "Current" : "Stale",
            });
        }
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = group.Key, ["creationTimestamp"] = null },
            ["versions"] = versions,
        };
    }

    /// <summary>APIResourceList.resources in apidiscovery.k8s.io/v2's APIResourceDiscovery form.</summary>
    public static JsonArray AggregatedResources(string group, string version, JsonArray resources)
    {
        var result = new JsonArray();
        var byName = new Dictionary<string, JsonObject>();
        foreach (var r in resources.Objects())
        {
            var name = r.StrOrEmpty("name");
            if (name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }
            var entry = new JsonObject
            {
                ["resource"] = name,
                ["responseKind"] = Kind(r, group, version),
                ["scope"] = r.Bool("namespaced") == true ? "Namespaced" : "Cluster",
                ["singularResource"] = r.StrOrEmpty("singularName"),
                ["verbs"] = r.Arr("verbs")?.DeepClone() ?? new JsonArray(),
            };
            foreach (var list in new[] { "shortNames", "categories" })
            {
                if (r.Arr(list) is { Count: > 0 } values)
                {
                    entry[list] = values.DeepClone();
                }
            }
            byName[name] = entry;
            result.Add(entry);
        }
        foreach (var r in resources.Objects())
        {
            var name = r.StrOrEmpty("name");
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !byName.TryGetValue(name[..slash], out var parent))
            {
                continue;
            }
            if (parent["subresources"] is not JsonArray subs)
            {
                subs = [];
                parent["subresources"] = subs;
            }
            subs.Add(new JsonObject
            {
                ["subresource"] = name[(slash + 1)..],
                ["responseKind"] = Kind(r, group, version),
                ["verbs"] = r.Arr("verbs")?.DeepClone() ?? new JsonArray(),
            });
        }
        return result;
    }

    private static JsonObject Kind(JsonObject r, string group, string version) => new()
    {
        ["group"] = r.Str("group") ?? group,
        ["version"] = r.Str("version") ?? version,
        ["kind"] = r.StrOrEmpty("kind"),
    };
}
