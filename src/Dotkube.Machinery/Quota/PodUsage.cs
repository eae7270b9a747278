using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Quantities;

namespace Dotkube.Machinery.Quota;

/// <summary>
/// What a pod charges against quotas (upstream's pod evaluator): count/pods always; while the pod
/// is not terminal also pods, requests (cpu, memory, ephemeral-storage, hugepages, extended) and
/// limits, with the pod's effective requests and limits (containers summed, init containers as a
/// peak, sidecars added, overhead on top).
/// </summary>
public static class PodUsage
{
    public static Dictionary<string, Quantity> Usage(JsonObject pod, DateTimeOffset now)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal) { ["count/pods"] = Quantity.FromValue(1) };
        if (!IsActive(pod, now))
        {
            return result;
        }
        return ResourceList.Add(result, ComputeUsage(Requests(pod), Limits(pod)));
    }

    /// <summary>A pod counts for compute quota until it is Succeeded or Failed, or past its deletion grace period.</summary>
    public static bool IsActive(JsonObject pod, DateTimeOffset now)
    {
        if ((pod["status"]?["phase"]?.GetValue<string>()) is "Succeeded" or "Failed")
        {
            return false;
        }
        if (pod["metadata"]?["deletionTimestamp"]?.GetValue<string>() is { } deleted
            && DateTimeOffset.TryParse(deleted, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var grace = pod["metadata"]?["deletionGracePeriodSeconds"]?.GetValue<long>() ?? 0;
            return now <= at.AddSeconds(grace);
        }
        return true;
    }

    /// <summary>The quota names for one set of requests and limits (a pod's or one container's).</summary>
    public static Dictionary<string, Quantity> ComputeUsage(IReadOnlyDictionary<string, Quantity> requests, IReadOnlyDictionary<string, Quantity> limits)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal) { [QuotaResourceNames.Pods] = Quantity.FromValue(1) };
        foreach (var name in new[] { QuotaResourceNames.Cpu, QuotaResourceNames.Memory, QuotaResourceNames.EphemeralStorage })
        {
            if (requests.TryGetValue(name, out var request))
            {
                result[name] = request;
                result[QuotaResourceNames.RequestsPrefix + name] = request;
            }
            if (limits.TryGetValue(name, out var limit))
            {
                result[QuotaResourceNames.LimitsPrefix + name] = limit;
            }
        }
        foreach (var (name, request) in requests)
        {
            if (name.StartsWith(QuotaResourceNames.HugePagesPrefix, StringComparison.Ordinal))
            {
                result[name] = request;
                result[QuotaResourceNames.RequestsPrefix + name] = request;
            }
            if (QuotaResourceNames.IsExtended(name))
            {
                // Extended resources are only quota'd as requests.<name>.
                result[QuotaResourceNames.RequestsPrefix + name] = request;
            }
        }
        return result;
    }

    public static Dictionary<string, Quantity> Requests(JsonObject pod) => Effective(pod, "requests");

    public static Dictionary<string, Quantity> Limits(JsonObject pod) => Effective(pod, "limits");

    /// <summary>
    /// The pod's effective requests or limits: the sum over containers and sidecars (restartable
    /// init containers), raised to any regular init container's peak (plus the sidecars started
    /// before it), plus spec.overhead (for limits, only where something is limited).
    /// </summary>
    private static Dictionary<string, Quantity> Effective(JsonObject pod, string kind)
    {
        var spec = pod["spec"] as JsonObject;
        var sum = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var c in Containers(spec, "containers"))
        {
            sum = ResourceList.Add(sum, ResourceList.Parse(c["resources"]?[kind]));
        }
        var sidecars = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var initPeak = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var c in Containers(spec, "initContainers"))
        {
            var own = ResourceList.Parse(c["resources"]?[kind]);
            if (c["restartPolicy"]?.GetValue<string>() == "Always")
            {
                sidecars = ResourceList.Add(sidecars, own);
                initPeak = Max(initPeak, sidecars);
            }
            else
            {
                initPeak = Max(initPeak, ResourceList.Add(own, sidecars));
            }
        }
        var result = Max(ResourceList.Add(sum, sidecars), initPeak);
        var overhead = ResourceList.Parse(spec?["overhead"]);
        foreach (var (name, q) in overhead)
        {
            if (kind == "requests" || result.ContainsKey(name))
            {
                result[name] = result.TryGetValue(name, out var have) ? have + q : q;
            }
        }
        return result;
    }

    private static Dictionary<string, Quantity> Max(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity> b)
    {
        var result = new Dictionary<string, Quantity>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            if (!result.TryGetValue(k, out var have) || v > have)
            {
                result[k] = v;
            }
        }
        return result;
    }

    private static IEnumerable<JsonObject> Containers(JsonObject? spec, string field) =>
        (spec?[field] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>
    /// Containers lacking a compute resource the quota tracks, as upstream's "must specify" check:
    /// for every required name (cpu, memory, requests.*, limits.* only), the containers whose own
    /// usage lacks it. Null when nothing is missing.
    /// </summary>
    public static string? MissingConstraints(JsonObject pod, IEnumerable<string> trackedNames)
    {
        var required = trackedNames.Where(QuotaResourceNames.RequiredOnContainers.Contains).ToHashSet(StringComparer.Ordinal);
        if (required.Count == 0)
        {
            return null;
        }
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var spec = pod["spec"] as JsonObject;
        foreach (var c in Containers(spec, "containers").Concat(Containers(spec, "initContainers")))
        {
            var usage = ComputeUsage(ResourceList.Parse(c["resources"]?["requests"]), ResourceList.Parse(c["resources"]?["limits"]));
            foreach (var name in required.Where(r => !usage.ContainsKey(r)))
            {
                if (!missing.TryGetValue(name, out var names))
                {
                    names = new SortedSet<string>(StringComparer.Ordinal);
                    missing[name] = names;
                }
                names.Add(c["name"]?.GetValue<string>() ?? "");
            }
        }
        return missing.Count == 0
            ? null
            : "must specify " + string.Join("; ", missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}"));
    }

    /// <summary>BestEffort QoS: no container asks for or limits cpu or memory.</summary>
    public static bool IsBestEffort(JsonObject pod)
    {
        var spec = pod["spec"] as JsonObject;
        foreach (var c in Containers(spec, "containers").Concat(Containers(spec, "initContainers")))
        {
            foreach (var kind in new[] { "requests", "limits" })
            {
                var list = ResourceList.Parse(c["resources"]?[kind]);
                if (list.Any(e => e.Key is QuotaResourceNames.Cpu or QuotaResourceNames.Memory && !e.Value.IsZero))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
