using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>A pod's quality-of-service class, computed as upstream does from cpu and memory requests and limits.</summary>
public static class PodQos
{
    public static string Compute(JsonObject pod)
    {
        var spec = pod.Obj("spec");
        var requests = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var guaranteed = true;
        foreach (var container in spec.Arr("containers").Objects().Concat(spec.Arr("initContainers").Objects()))
        {
            var resources = container.Obj("resources");
            Sum(resources.Obj("requests"), requests);
            var found = Sum(resources.Obj("limits"), limits);
            if (!found.Contains("cpu") || !found.Contains("memory"))
            {
                guaranteed = false;
            }
        }
        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }
        if (guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var l) && l == r.Value) && requests.Count == limits.Count)
        {
            return "Guaranteed";
        }
        return "Burstable";
    }

    // Adds the positive cpu/memory quantities to the totals; returns which resources were found.
    private static HashSet<string> Sum(JsonObject? list, Dictionary<string, Quantity> totals)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, node) in list ?? [])
        {
            if (name is not ("cpu" or "memory") || !Quantity.TryParse(node, out var q) || q.Sign <= 0)
            {
                continue;
            }
            found.Add(name);
            totals[name] = totals.TryGetValue(name, out var sum) ? sum + q : q;
        }
        return found;
    }
}
