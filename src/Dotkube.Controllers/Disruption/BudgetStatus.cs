using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Controllers.Disruption;

/// <summary>The status a PodDisruptionBudget gets, and its DisruptionAllowed condition (upstream's pdb helpers).</summary>
public static class BudgetStatus
{
    public const string DisruptionAllowed = "DisruptionAllowed";

    /// <summary>The new status, or null when the current one already says all of it.</summary>
    public static V1PodDisruptionBudgetStatus? Build(V1PodDisruptionBudget pdb, BudgetNumbers n, DateTimeOffset now)
    {
        var current = pdb.Status;
        var generation = pdb.Metadata.Generation ?? 0;
        var status = new V1PodDisruptionBudgetStatus
        {
            CurrentHealthy = n.CurrentHealthy,
            DesiredHealthy = n.DesiredHealthy,
            ExpectedPods = n.ExpectedPods,
            DisruptionsAllowed = n.DisruptionsAllowed,
            DisruptedPods = n.DisruptedPods.Count == 0 ? null : n.DisruptedPods.ToDictionary(kv => kv.Key, kv => (DateTime?)kv.Value),
            ObservedGeneration = generation,
            Conditions = current?.Conditions is { } old ? Dotkube.Controllers.Common.ObjectCopy.Of(old) : [],
        };
        SetAllowedCondition(status, now);
        if (current is not null && current.CurrentHealthy == status.CurrentHealthy && current.DesiredHealthy == status.DesiredHealthy
            && current.ExpectedPods == status.ExpectedPods && current.DisruptionsAllowed == status.DisruptionsAllowed
            && current.ObservedGeneration == generation && SameDisrupted(current.DisruptedPods, status.DisruptedPods)
            && SameConditions(current.Conditions, status.Conditions))
        {
            return null;
        }
        return status;
    }

    /// <summary>Upstream's failSafe: no disruptions allowed, condition False with reason SyncFailed and the error.</summary>
    public static V1PodDisruptionBudgetStatus FailSafe(V1PodDisruptionBudget pdb, string error, DateTimeOffset now)
    {
        var status = pdb.Status is null ? new V1PodDisruptionBudgetStatus() : Dotkube.Controllers.Common.ObjectCopy.Of(pdb.Status);
        status.DisruptionsAllowed = 0;
        status.Conditions ??= [];
        Set(status.Conditions, "False", "SyncFailed", error, status.ObservedGeneration ?? 0, now);
        return status;
    }

    /// <summary>True with SufficientPods while disruptions are allowed, else False with InsufficientPods.</summary>
    public static void SetAllowedCondition(V1PodDisruptionBudgetStatus status, DateTimeOffset now)
    {
        status.Conditions ??= [];
        var allowed = status.DisruptionsAllowed > 0;
        Set(status.Conditions, allowed ? "True" : "False", allowed ? "SufficientPods" : "InsufficientPods", "", status.ObservedGeneration ?? 0, now);
    }

    /// <summary>apimachinery's SetStatusCondition: the transition time moves only when the status does.</summary>
    private static void Set(IList<V1Condition> conditions, string value, string reason, string message, long generation, DateTimeOffset now)
    {
        var existing = conditions.FirstOrDefault(c => c.Type == DisruptionAllowed);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = DisruptionAllowed,
                Status = value,
                Reason = reason,
                Message = message,
                ObservedGeneration = generation,
                LastTransitionTime = MetaTime.From(now),
            });
            return;
        }
        if (existing.Status != value)
        {
            existing.Status = value;
            existing.LastTransitionTime = MetaTime.From(now);
        }
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = generation;
    }

    private static bool SameDisrupted(IDictionary<string, DateTime?>? a, IDictionary<string, DateTime?>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b is not null && b.TryGetValue(kv.Key, out var v) && v == kv.Value));

    private static bool SameConditions(IList<V1Condition>? a, IList<V1Condition>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0)
        && (a ?? []).Zip(b ?? []).All(p => p.First.Type == p.Second.Type && p.First.Status == p.Second.Status && p.First.Reason == p.Second.Reason
            && p.First.Message == p.Second.Message && p.First.ObservedGeneration == p.Second.ObservedGeneration);
}
