using System.Text.Json.Nodes;
using Dotkube.Machinery.Quantities;
using Dotkube.Machinery.Quota;

namespace Dotkube.ApiServer.Admission.ResourceQuota;

/// <summary>
/// The decision for one quota and one write (pure, so it can be table-tested): whether the quota
/// selects the object, what the write adds to its status.used, and the upstream refusal if the
/// sum would pass status.hard.
/// </summary>
public static class QuotaCheck
{
    /// <summary>What the write charges this quota; an empty charge means the quota is not concerned.</summary>
    /// <param name="Failure">the refusal's reason text ("exceeded quota: …"), or null.</param>
    public sealed record Result(Dictionary<string, Quantity> Charge, string? Failure);

    public static Result Evaluate(JsonObject quota, string group, string resource, JsonObject obj, JsonObject? oldObj, DateTimeOffset now)
    {
        var none = new Result([], null);
        var name = quota["metadata"]?["name"]?.GetValue<string>() ?? "";
        // Upstream enforces status.hard, which the quota controller copies from spec.hard.
        var hard = ResourceList.Parse(quota["status"]?["hard"]);
        var restricted = QuotaEvaluator.MatchingResources(group, resource, hard.Keys);
        if (restricted.Count == 0 || !QuotaEvaluator.MatchesScopes(quota, group, resource, obj))
        {
            return none;
        }
        if (group.Length == 0 && resource == "pods" && PodUsage.MissingConstraints(obj, restricted) is { } missing)
        {
            return new Result([], $"failed quota: {name}: {missing}");
        }
        var delta = QuotaEvaluator.Usage(group, resource, obj, now);
        if (oldObj is not null && QuotaEvaluator.MatchesScopes(quota, group, resource, oldObj))
        {
            delta = ResourceList.Subtract(delta, QuotaEvaluator.Usage(group, resource, oldObj, now));
        }
        var requested = ResourceList.Mask(delta, restricted);
        if (requested.Count == 0 || ResourceList.IsZero(requested))
        {
            return none;
        }
        var used = ResourceList.Parse(quota["status"]?["used"]);
        var unknown = restricted.Where(r => !used.ContainsKey(r)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return new Result([], $"status unknown for quota: {name}, resources: {string.Join(",", unknown)}");
        }
        var newUsage = ResourceList.Mask(ResourceList.Add(used, requested), requested.Keys);
        // Only growth can exceed: a write that lowers usage is always let through.
        var exceeded = ResourceList.Exceeding(newUsage, hard).Where(r => requested[r].Sign > 0).ToList();
        if (exceeded.Count > 0)
        {
            return new Result([], $"exceeded quota: {name}, requested: {ResourceList.PrettyPrint(ResourceList.Mask(requested, exceeded))}, " +
                $"used: {ResourceList.PrettyPrint(ResourceList.Mask(used, exceeded))}, limited: {ResourceList.PrettyPrint(ResourceList.Mask(hard, exceeded))}");
        }
        return new Result(requested, null);
    }
}
