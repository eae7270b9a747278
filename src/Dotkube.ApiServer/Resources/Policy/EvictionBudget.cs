using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Selectors;

namespace Dotkube.ApiServer.Resources.Policy;

/// <summary>
/// The PodDisruptionBudget side of the eviction API (upstream's EvictionREST): which budget covers
/// a pod, whether the pod may go without spending it, and the check-and-decrement of
/// status.disruptionsAllowed with the pod recorded in status.disruptedPods for the disruption
/// controller. Works on stored JSON.
/// </summary>
public static class EvictionBudget
{
    /// <summary>Upstream's MaxDisruptedPodSize: more unconfirmed evictions than this are refused.</summary>
    public const int MaxDisruptedPods = 2000;

    public const string TooManyRequestsMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>
    /// Pods past running (Succeeded, Failed), not yet running (Pending) or already being deleted
    /// disrupt nothing more: they are deleted without looking at budgets.
    /// </summary>
    public static bool CanIgnoreBudget(JsonObject pod) =>
        ObjectJson.GetString(pod["status"], "phase") is "Succeeded" or "Failed" or "Pending" || ObjectJson.IsDeleting(pod);

    /// <summary>Whether the delete must carry the pod's resourceVersion (not for terminal or deleting pods).</summary>
    public static bool EnforceResourceVersion(JsonObject pod) =>
        ObjectJson.GetString(pod["status"], "phase") is not ("Succeeded" or "Failed") && !ObjectJson.IsDeleting(pod);

    /// <summary>The budgets whose selector matches the pod; a nil or empty selector matches nothing here, as upstream.</summary>
    public static List<JsonObject> Matching(IEnumerable<JsonObject> budgets, JsonObject pod)
    {
        var labels = ObjectJson.Labels(pod);
        var result = new List<JsonObject>();
        foreach (var pdb in budgets)
        {
            if (pdb["spec"]?["selector"] is not JsonObject selectorJson)
            {
                continue;
            }
            var selector = LabelSelector.FromJson(selectorJson);
            if (selector.IsEmpty || selector.IsNothing || !selector.Matches(labels))
            {
                continue;
            }
            result.Add(pdb);
        }
        return result;
    }

    public static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => ObjectJson.GetString(c, "type") == "Ready" && ObjectJson.GetString(c, "status") == "True");

    /// <summary>
    /// An unready pod may go without spending the budget when the budget says AlwaysAllow, or when
    /// (IfHealthyBudget, the default) enough healthy pods remain.
    /// </summary>
    public static bool UnhealthyPodMayGo(JsonObject pod, JsonObject pdb)
    {
        if (IsReady(pod))
        {
            return false;
        }
        if (ObjectJson.GetString(pdb["spec"], "unhealthyPodEvictionPolicy") == "AlwaysAllow")
        {
            return true;
        }
        var current = Long(pdb["status"]?["currentHealthy"]);
        var desired = Long(pdb["status"]?["desiredHealthy"]);
        return current >= desired && desired > 0;
    }

    /// <summary>
    /// Checks the budget allows one more disruption and spends it on <paramref name="pdb"/> (the
    /// stored object, changed in place): disruptionsAllowed - 1, the DisruptionAllowed condition
    /// when it reaches 0, and (unless dry run) the pod in disruptedPods at <paramref name="now"/>.
    /// </summary>
    /// <exception cref="StatusException">429 when the budget is spent or not yet processed, 403 when it is broken.</exception>
    public static void CheckAndDecrement(JsonObject pdb, string podName, bool dryRun, DateTimeOffset now)
    {
        var name = ObjectJson.Name(pdb);
        var status = pdb["status"] as JsonObject ?? [];
        pdb["status"] = status;
        if (Long(status["observedGeneration"]) < ObjectJson.Generation(pdb))
        {
            throw TooManyRequests(10, $"The disruption budget {name} is still being processed by the server.");
        }
        var allowed = Long(status["disruptionsAllowed"]);
        if (allowed < 0)
        {
            throw Forbidden(name, "pdb disruptions allowed is negative");
        }
        if (status["disruptedPods"] is JsonObject disrupted && disrupted.Count > MaxDisruptedPods)
        {
            throw Forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }
        if (allowed == 0)
        {
            throw TooManyRequests(0,
                $"The disruption budget {name} needs {Long(status["desiredHealthy"])} healthy pods and has {Long(status["currentHealthy"])} currently");
        }
        status["disruptionsAllowed"] = allowed - 1;
        if (allowed - 1 == 0)
        {
            SetInsufficient(status, now);
        }
        if (!dryRun)
        {
            if (status["disruptedPods"] is not JsonObject pods)
            {
                pods = [];
                status["disruptedPods"] = pods;
            }
            pods[podName] = ObjectJson.Timestamp(now);
        }
    }

    /// <summary>The DisruptionAllowed condition False with InsufficientPods (time moves only on a change).</summary>
    private static void SetInsufficient(JsonObject status, DateTimeOffset now)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }
        var generation = Long(status["observedGeneration"]);
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => ObjectJson.GetString(c, "type") == "DisruptionAllowed");
        if (existing is null)
        {
            conditions.Add(new JsonObject
            {
                ["type"] = "DisruptionAllowed",
                ["status"] = "False",
                ["observedGeneration"] = generation,
                ["lastTransitionTime"] = ObjectJson.Timestamp(now),
                ["reason"] = "InsufficientPods",
                ["message"] = "",
            });
            return;
        }
        if (ObjectJson.GetString(existing, "status") != "False")
        {
            existing["status"] = "False";
            existing["lastTransitionTime"] = ObjectJson.Timestamp(now);
        }
        existing["reason"] = "InsufficientPods";
        existing["message"] = "";
        existing["observedGeneration"] = generation;
    }

    private static StatusException TooManyRequests(int retryAfter, string cause) =>
        new(429, "TooManyRequests", TooManyRequestsMessage)
        {
            Causes = [new StatusCause("DisruptionBudget", cause, null)],
            RetryAfterSeconds = retryAfter > 0 ? retryAfter : null,
        };

    private static StatusException Forbidden(string name, string why) =>
        new(403, "Forbidden", $"poddisruptionbudgets.policy \"{name}\" is forbidden: {why}")
        {
            DetailsName = name,
            DetailsGroup = "policy",
            DetailsKind = "poddisruptionbudgets",
        };

    private static long Long(JsonNode? node) => ObjectJson.TryGetLong(node, out var v) ? v : 0;
}
