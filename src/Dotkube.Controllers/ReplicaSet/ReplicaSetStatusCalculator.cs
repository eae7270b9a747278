using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.ReplicaSet;

/// <summary>The status a ReplicaSet should have for the active pods it owns (upstream's calculateStatus).</summary>
public static class ReplicaSetStatusCalculator
{
    public static V1ReplicaSetStatus Calculate(V1ReplicaSet rs, IReadOnlyList<V1Pod> owned, DateTimeOffset now, Exception? manageError)
    {
        var templateLabels = rs.Spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var minReadySeconds = rs.Spec.MinReadySeconds ?? 0;
        var fullyLabeled = 0;
        var ready = 0;
        var available = 0;
        foreach (var pod in owned)
        {
            var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
            if (templateLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value))
            {
                fullyLabeled++;
            }
            if (PodUtil.IsReady(pod))
            {
                ready++;
                if (PodUtil.IsAvailable(pod, minReadySeconds, now))
                {
                    available++;
                }
            }
        }
        // ReplicaFailure is set while creating or deleting fails and dropped once it succeeds.
        var conditions = (rs.Status?.Conditions ?? []).Where(c => c.Type != "ReplicaFailure").ToList();
        var existingFailure = rs.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure");
        if (manageError is not null)
        {
            var reason = owned.Count < (rs.Spec.Replicas ?? 1) ? "FailedCreate" : "FailedDelete";
            conditions.Add(existingFailure is { Status: "True" } && existingFailure.Reason == reason
                ? existingFailure
                : new V1ReplicaSetCondition
                {
                    Type = "ReplicaFailure",
                    Status = "True",
                    Reason = reason,
                    Message = manageError.Message,
                    LastTransitionTime = MetaTime.From(now),
                });
        }
        return new V1ReplicaSetStatus
        {
            Replicas = owned.Count,
            FullyLabeledReplicas = fullyLabeled,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = conditions.Count == 0 ? null : conditions,
        };
    }

    /// <summary>Whether two statuses differ in anything the controller writes.</summary>
    public static bool Differs(V1ReplicaSetStatus? current, V1ReplicaSetStatus wanted) =>
        current is null
        || current.Replicas != wanted.Replicas
        || (current.FullyLabeledReplicas ?? 0) != (wanted.FullyLabeledReplicas ?? 0)
        || (current.ReadyReplicas ?? 0) != (wanted.ReadyReplicas ?? 0)
        || (current.AvailableReplicas ?? 0) != (wanted.AvailableReplicas ?? 0)
        || current.ObservedGeneration != wanted.ObservedGeneration
        || (current.Conditions?.Count ?? 0) != (wanted.Conditions?.Count ?? 0)
        || (current.Conditions ?? []).Zip(wanted.Conditions ?? []).Any(p => p.First.Type != p.Second.Type || p.First.Reason != p.Second.Reason || p.First.Status != p.Second.Status);
}
