using System.Text.Json.Nodes;
using Dotkube.Machinery.Quantities;

namespace Dotkube.Machinery.Quota;

/// <summary>
/// Upstream's quota evaluators in one place: what any object charges (pods, services and
/// persistent volume claims have their own rules; everything else is an object count), which quota
/// names an object's kind can be charged for, and whether a quota's scopes select an object.
/// </summary>
public static class QuotaEvaluator
{
    /// <summary>The usage an object of <paramref name="group"/>/<paramref name="resource"/> charges.</summary>
    public static Dictionary<string, Quantity> Usage(string group, string resource, JsonObject obj, DateTimeOffset now)
    {
        if (group.Length == 0)
        {
            switch (resource)
            {
                case "pods":
                    return PodUsage.Usage(obj, now);
                case "services":
                    return ServiceUsage(obj);
                case "persistentvolumeclaims":
                    return ClaimUsage(obj);
            }
        }
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal) { [QuotaResourceNames.Count(group, resource)] = Quantity.FromValue(1) };
        if (QuotaResourceNames.HasLegacyCountName(group, resource))
        {
            result[resource] = Quantity.FromValue(1);
        }
        return result;
    }

    /// <summary>Of a quota's names, those an object of this kind can be charged for.</summary>
    public static List<string> MatchingResources(string group, string resource, IEnumerable<string> quotaNames)
    {
        var count = QuotaResourceNames.Count(group, resource);
        return [.. quotaNames.Where(name => name == count || (group.Length == 0 && resource switch
        {
            "pods" => QuotaResourceNames.IsPodResource(name),
            "services" => name is QuotaResourceNames.Services or QuotaResourceNames.ServicesNodePorts or QuotaResourceNames.ServicesLoadBalancers,
            "persistentvolumeclaims" => name is QuotaResourceNames.PersistentVolumeClaims or QuotaResourceNames.RequestsStorage
                || name.Contains(QuotaResourceNames.StorageClassSuffix, StringComparison.Ordinal),
            _ => QuotaResourceNames.HasLegacyCountName(group, resource) && name == resource,
        }))];
    }

    /// <summary>
    /// Whether a quota's scopes (spec.scopes and spec.scopeSelector) select the object. Scopes are
    /// about pods: a quota with any scope selects no other kind of object.
    /// </summary>
    public static bool MatchesScopes(JsonObject quota, string group, string resource, JsonObject obj)
    {
        var spec = quota["spec"] as JsonObject;
        var scopes = (spec?["scopes"] as JsonArray)?.Select(s => (Scope: s?.GetValue<string>() ?? "", Op: "Exists", Values: Array.Empty<string>())) ?? [];
        var selector = (spec?["scopeSelector"]?["matchExpressions"] as JsonArray)?.OfType<JsonObject>()
            .Select(e => (
                Scope: e["scopeName"]?.GetValue<string>() ?? "",
                Op: e["operator"]?.GetValue<string>() ?? "",
                Values: (e["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToArray() ?? [])) ?? [];
        var all = scopes.Concat(selector).ToList();
        if (all.Count == 0)
        {
            return true;
        }
        if (group.Length != 0 || resource != "pods")
        {
            return false;
        }
        return all.All(s => ScopeMatches(s.Scope, s.Op, s.Values, obj));
    }

    private static bool ScopeMatches(string scope, string op, string[] values, JsonObject pod)
    {
        var spec = pod["spec"] as JsonObject;
        if (scope == "PriorityClass")
        {
            var name = spec?["priorityClassName"]?.GetValue<string>() ?? "";
            return op switch
            {
                "Exists" => name.Length > 0,
                "DoesNotExist" => name.Length == 0,
                "In" => name.Length > 0 && values.Contains(name),
                "NotIn" => name.Length > 0 && !values.Contains(name),
                _ => false,
            };
        }
        bool? holds = scope switch
        {
            "Terminating" => spec?["activeDeadlineSeconds"] is { } d && d.GetValue<long>() >= 0,
            "NotTerminating" => spec?["activeDeadlineSeconds"] is not { } n || n.GetValue<long>() < 0,
            "BestEffort" => PodUsage.IsBestEffort(pod),
            "NotBestEffort" => !PodUsage.IsBestEffort(pod),
            "CrossNamespacePodAffinity" => UsesCrossNamespaceAffinity(spec),
            _ => null,
        };
        return holds switch
        {
            null => false,
            _ => op == "DoesNotExist" ? !holds.Value : holds.Value,
        };
    }

    private static bool UsesCrossNamespaceAffinity(JsonObject? spec)
    {
        var terms = new[] { "podAffinity", "podAntiAffinity" }
            .Select(a => spec?["affinity"]?[a] as JsonObject)
            .OfType<JsonObject>()
            .SelectMany(a => ((a["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray)?.OfType<JsonObject>() ?? [])
                .Concat(((a["preferredDuringSchedulingIgnoredDuringExecution"] as JsonArray)?.OfType<JsonObject>() ?? [])
                    .Select(w => w["podAffinityTerm"] as JsonObject).OfType<JsonObject>()));
        return terms.Any(t => (t["namespaces"] as JsonArray)?.Count > 0 || t["namespaceSelector"] is not null);
    }

    private static Dictionary<string, Quantity> ServiceUsage(JsonObject svc)
    {
        var spec = svc["spec"] as JsonObject;
        var ports = (spec?["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal)
        {
            ["count/services"] = Quantity.FromValue(1),
            [QuotaResourceNames.Services] = Quantity.FromValue(1),
            [QuotaResourceNames.ServicesLoadBalancers] = Quantity.Zero,
            [QuotaResourceNames.ServicesNodePorts] = Quantity.Zero,
        };
        switch (spec?["type"]?.GetValue<string>())
        {
            case "NodePort":
                result[QuotaResourceNames.ServicesNodePorts] = Quantity.FromValue(ports.Count);
                break;
            case "LoadBalancer":
                // Without node port allocation only explicitly requested node ports count.
                var allocate = spec["allocateLoadBalancerNodePorts"]?.GetValue<bool>() ?? true;
                var nodePorts = allocate ? ports.Count : ports.Count(p => p["nodePort"] is { } np && np.GetValue<long>() != 0);
                result[QuotaResourceNames.ServicesNodePorts] = Quantity.FromValue(nodePorts);
                result[QuotaResourceNames.ServicesLoadBalancers] = Quantity.FromValue(1);
                break;
        }
        return result;
    }

    private static Dictionary<string, Quantity> ClaimUsage(JsonObject pvc)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal)
        {
            ["count/persistentvolumeclaims"] = Quantity.FromValue(1),
            [QuotaResourceNames.PersistentVolumeClaims] = Quantity.FromValue(1),
        };
        var className = pvc["spec"]?["storageClassName"]?.GetValue<string>()
            ?? pvc["metadata"]?["annotations"]?["volume.beta.kubernetes.io/storage-class"]?.GetValue<string>()
            ?? "";
        var classPrefix = className + QuotaResourceNames.StorageClassSuffix;
        if (className.Length > 0)
        {
            result[classPrefix + QuotaResourceNames.PersistentVolumeClaims] = Quantity.FromValue(1);
        }
        var requests = ResourceList.Parse(pvc["spec"]?["resources"]?["requests"]);
        // A resize in progress keeps charging what was allocated if that is more.
        var allocated = ResourceList.Parse(pvc["status"]?["allocatedResources"]);
        if (requests.TryGetValue("storage", out var storage))
        {
            if (allocated.TryGetValue("storage", out var a) && a > storage)
            {
                storage = a;
            }
            result[QuotaResourceNames.RequestsStorage] = storage;
            if (className.Length > 0)
            {
                result[classPrefix + QuotaResourceNames.RequestsStorage] = storage;
            }
        }
        return result;
    }
}
