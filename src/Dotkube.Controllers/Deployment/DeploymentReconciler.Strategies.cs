using Dotkube.Client;
using k8s.Models;

namespace Dotkube.Controllers.Deployment;

public sealed partial class DeploymentReconciler
{
    /// <summary>
    /// Replicas the new ReplicaSet should have now (upstream's NewRSNewReplicas): Recreate jumps to
    /// spec.replicas once old pods are gone; RollingUpdate grows it as far as maxSurge allows.
    /// </summary>
    public static int NewReplicaSetReplicas(V1Deployment d, IReadOnlyList<V1ReplicaSet> olds, V1ReplicaSet? newRs)
    {
        var replicas = d.Spec.Replicas ?? 1;
        var current = newRs?.Spec.Replicas ?? 0;
        if (d.Spec.Strategy?.Type == "Recreate")
        {
            return olds.All(rs => (rs.Spec.Replicas ?? 0) == 0 && (rs.Status?.Replicas ?? 0) == 0) ? replicas : current;
        }
        if (current >= replicas)
        {
            return replicas;
        }
        var total = olds.Sum(rs => rs.Spec.Replicas ?? 0) + current;
        var maxTotal = replicas + RollingUpdateMath.MaxSurge(d);
        if (total >= maxTotal)
        {
            return current;
        }
        return current + Math.Min(maxTotal - total, replicas - current);
    }

    /// <summary>
    /// How many old replicas may go now (upstream's reconcileOldReplicaSets): never below
    /// spec.replicas − maxUnavailable available pods, counting the new ReplicaSet's unavailable ones.
    /// </summary>
    public static int OldScaleDownBudget(V1Deployment d, IReadOnlyList<V1ReplicaSet> olds, V1ReplicaSet newRs)
    {
        var all = olds.Sum(rs => rs.Spec.Replicas ?? 0) + (newRs.Spec.Replicas ?? 0);
        var minAvailable = (d.Spec.Replicas ?? 1) - RollingUpdateMath.MaxUnavailable(d);
        var newUnavailable = (newRs.Spec.Replicas ?? 0) - (newRs.Status?.AvailableReplicas ?? 0);
        return all - minAvailable - newUnavailable;
    }

    private async Task RollAsync(V1Deployment d, V1ReplicaSet newRs, List<V1ReplicaSet> olds, CancellationToken ct)
    {
        newRs = await ScaleAsync(d, newRs, NewReplicaSetReplicas(d, olds, newRs), ct);
        var budget = OldScaleDownBudget(d, olds, newRs);
        if (budget <= 0 || olds.Sum(rs => rs.Spec.Replicas ?? 0) == 0)
        {
            return;
        }
        var ordered = olds.Where(rs => (rs.Spec.Replicas ?? 0) > 0)
            .OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal).ToList();
        var current = ordered.ToDictionary(rs => rs.Metadata.Uid, rs => rs.Spec.Replicas ?? 0);

        // First the old replicas that are not available anyway: removing them costs nothing.
        foreach (var rs in ordered)
        {
            if (budget <= 0)
            {
                break;
            }
            var unhealthy = current[rs.Metadata.Uid] - (rs.Status?.AvailableReplicas ?? 0);
            var cut = Math.Min(Math.Max(unhealthy, 0), budget);
            if (cut > 0)
            {
                current[rs.Metadata.Uid] -= cut;
                budget -= cut;
            }
        }

        // Then available ones, as far as the availability floor allows.
        var minAvailable = (d.Spec.Replicas ?? 1) - RollingUpdateMath.MaxUnavailable(d);
        var available = olds.Sum(rs => Math.Min(rs.Status?.AvailableReplicas ?? 0, current.GetValueOrDefault(rs.Metadata.Uid)))
            + (newRs.Status?.AvailableReplicas ?? 0);
        var more = Math.Min(available - minAvailable, budget);
        foreach (var rs in ordered)
        {
            if (more <= 0)
            {
                break;
            }
            var cut = Math.Min(current[rs.Metadata.Uid], more);
            current[rs.Metadata.Uid] -= cut;
            more -= cut;
        }
        foreach (var rs in ordered)
        {
            await ScaleAsync(d, rs, current[rs.Metadata.Uid], ct);
        }
    }

    private async Task RecreateAsync(V1Deployment d, V1ReplicaSet newRs, List<V1ReplicaSet> olds, CancellationToken ct)
    {
        var scaledDown = false;
        foreach (var rs in olds.Where(rs => (rs.Spec.Replicas ?? 0) > 0))
        {
            await ScaleAsync(d, rs, 0, ct);
            scaledDown = true;
        }
        // Wait until every old pod is gone: the old ReplicaSets' status updates bring us back.
        if (scaledDown || olds.Any(rs => (rs.Status?.Replicas ?? 0) > 0))
        {
            return;
        }
        await ScaleAsync(d, newRs, d.Spec.Replicas ?? 1, ct);
    }

    /// <summary>Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit (default 10).</summary>
    private async Task CleanupAsync(V1Deployment d, List<V1ReplicaSet> olds, CancellationToken ct)
    {
        var limit = d.Spec.RevisionHistoryLimit ?? 10;
        var alive = olds.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var excess = alive.Count - limit;
        if (excess <= 0)
        {
            return;
        }
        foreach (var rs in alive.OrderBy(rs => Revision(rs.Metadata)).ThenBy(rs => rs.Metadata.CreationTimestamp))
        {
            if (excess <= 0)
            {
                break;
            }
            if ((rs.Spec.Replicas ?? 0) != 0 || (rs.Status?.Replicas ?? 0) != 0 || (rs.Status?.ObservedGeneration ?? 0) < (rs.Metadata.Generation ?? 0))
            {
                continue;
            }
            try
            {
                await client.DeleteAsync(ResourceType.ReplicaSets, rs.Metadata.NamespaceProperty, rs.Metadata.Name, cancellationToken: ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Someone else removed it; it counts all the same.
            }
            excess--;
        }
    }
}
