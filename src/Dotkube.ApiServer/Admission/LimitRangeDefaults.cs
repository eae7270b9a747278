using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.Admission;

/// <summary>LimitRanger's defaulting of container resources from one LimitRange.</summary>
internal static class LimitRangeDefaults
{
    /// <summary>Applies <paramref name="range"/>'s Container defaults to <paramref name="pod"/>; true when anything was set.</summary>
    public static bool Apply(JsonObject range, JsonObject pod)
    {
        var limits = new Dictionary<string, string>(StringComparer.Ordinal);
        var requests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in range.Obj("spec").Arr("limits").Objects().Where(i => i.Str("type") == "Container"))
        {
            Collect(item.Obj("defaultRequest"), requests);
            Collect(item.Obj("default"), limits);
        }
        var notes = new List<string>();
        var spec = pod.Obj("spec");
        foreach (var (list, prefix) in new[] { ("containers", "container"), ("initContainers", "init container") })
        {
            foreach (var container in spec.Arr(list).Objects())
            {
                var setRequests = Fill(container, "requests", requests);
                var setLimits = Fill(container, "limits", limits);
                var name = container.StrOrEmpty("name");
                if (setRequests.Count > 0)
                {
                    notes.Add($"{string.Join(", ", setRequests.Order(StringComparer.Ordinal))} request for {prefix} {name}");
                }
                if (setLimits.Count > 0)
                {
                    notes.Add($"{string.Join(", ", setLimits.Order(StringComparer.Ordinal))} limit for {prefix} {name}");
                }
            }
        }
        if (notes.Count == 0)
        {
            return false;
        }
        var metadata = pod.EnsureObj("metadata");
        var annotations = metadata.EnsureObj("annotations");
        annotations[LimitRanger.Annotation] = "LimitRanger plugin set: " + string.Join("; ", notes);
        return true;
    }

    private static void Collect(JsonObject? values, Dictionary<string, string> into)
    {
        foreach (var (name, node) in values ?? [])
        {
            if (Quantity.TryParse(node, out var q))
            {
                into[name] = q.ToString();
            }
        }
    }

    /// <summary>Sets each missing resource of one list (limits or requests); returns the names it set.</summary>
    private static List<string> Fill(JsonObject container, string field, Dictionary<string, string> defaults)
    {
        var set = new List<string>();
        if (defaults.Count == 0)
        {
            return set;
        }
        var resources = container["resources"] as JsonObject ?? [];
        var current = resources[field] as JsonObject ?? [];
        foreach (var (name, value) in defaults)
        {
            if (!current.ContainsKey(name))
            {
                current[name] = value;
                set.Add(name);
            }
        }
        if (set.Count == 0)
        {
            return set;
        }
        // Go writes a ResourceList's keys sorted, and resources' fields as limits, requests, claims.
        resources[field] = new JsonObject(current.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        container["resources"] = new JsonObject(resources
            .OrderBy(kv => kv.Key switch { "limits" => 0, "requests" => 1, _ => 2 })
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        return set;
    }
}
