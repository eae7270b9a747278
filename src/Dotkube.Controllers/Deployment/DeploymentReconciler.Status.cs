using Dotkube.Controllers.Common;
using System.Text.Json;
using Dotkube.Client;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Controllers.Deployment;

public sealed partial class DeploymentReconciler
{
    /// <summary>The status the Deployment should show for its ReplicaSets (upstream's calculateStatus and conditions).</summary>
    public static V1DeploymentStatus CalculateStatus(V1Deployment d, V1ReplicaSet? newRs, IReadOnlyList<V1ReplicaSet> all, DateTime now)
    {
        var wanted = d.Spec.Replicas ?? 1;
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var specTotal = all.Sum(rs => rs.Spec.Replicas ?? 0);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = all.Sum(rs => rs.Status?.Replicas ?? 0),
            UpdatedReplicas = newRs?.Status?.Replicas ?? 0,
            ReadyReplicas = all.Sum(rs => rs.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(specTotal - available, 0),
            CollisionCount = d.Status?.CollisionCount,
        };
        var existing = d.Status?.Conditions ?? [];
        var conditions = new List<V1DeploymentCondition>();
        var minAvailable = available >= wanted - RollingUpdateMath.MaxUnavailable(d);
        conditions.Add(Condition(existing, "Available", minAvailable ? "True" : "False",
            minAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            minAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now));
        if (newRs is not null)
        {
            var complete = status.UpdatedReplicas == wanted && status.Replicas == wanted && available == wanted && (newRs.Status?.ObservedGeneration ?? 0) >= (newRs.Metadata.Generation ?? 0);
            conditions.Add(complete
                ? Condition(existing, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{newRs.Metadata.Name}\" has successfully progressed.", now)
                : Condition(existing, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{newRs.Metadata.Name}\" is progressing.", now));
        }
        else if (existing.FirstOrDefault(c => c.Type == "Progressing") is { } kept)
        {
            conditions.Add(kept);
        }
        // kubectl lists Progressing before Available when a rollout starts; keep a stable order by type as upstream's slice does.
        status.Conditions = [.. conditions.OrderBy(c => c.Type == "Available" ? 0 : 1)];
        return status;
    }

    /// <summary>The condition as wanted, keeping lastTransitionTime when the status holds and lastUpdateTime when nothing changed.</summary>
    private static V1DeploymentCondition Condition(IList<V1DeploymentCondition> existing, string type, string status, string reason, string message, DateTime now)
    {
        var old = existing.FirstOrDefault(c => c.Type == type);
        if (old is not null && old.Status == status && old.Reason == reason && old.Message == message)
        {
            return old;
        }
        return new V1DeploymentCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastUpdateTime = now,
            LastTransitionTime = old is not null && old.Status == status ? old.LastTransitionTime : now,
        };
    }

    private async Task WriteStatusAsync(V1Deployment d, V1ReplicaSet? newRs, IReadOnlyList<V1ReplicaSet> all, CancellationToken ct)
    {
        var status = CalculateStatus(d, newRs, all, MetaTime.From(clock.GetUtcNow()));
        if (JsonSerializer.Serialize(status, KubeJson.Options) == JsonSerializer.Serialize(d.Status, KubeJson.Options))
        {
            return;
        }
        var copy = ObjectCopy.Of(d);
        copy.Status = status;
        try
        {
            await client.Resource<V1Deployment>(ResourceType.Deployments).UpdateStatusAsync(copy, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Deleted meanwhile: nothing left to report on.
        }
    }
}
