using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.StatefulSet;

public sealed partial class StatefulSetControl
{
    /// <summary>
    /// Creates, replaces, deletes and rolls pods as far as the policy allows in this sync, and
    /// returns the status for what it saw and did (upstream's updateStatefulSet).
    /// </summary>
    private async Task<V1StatefulSetStatus> UpdatePodsAsync(V1StatefulSet set, V1ControllerRevision current, V1ControllerRevision update,
        int? collisionCount, IReadOnlyList<V1Pod> pods, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var currentSet = ApplyRevision(set, current);
        var updateSet = ApplyRevision(set, update);
        var status = Status(set, current, update, collisionCount, pods, now);
        var start = StatefulPods.StartOrdinal(set);
        var count = StatefulPods.Replicas(set);
        var minReady = set.Spec.MinReadySeconds ?? 0;

        // Pods at ordinals in range fill their slot; the others are condemned, highest ordinal first.
        var replicas = new V1Pod?[count];
        var condemned = new List<V1Pod>();
        foreach (var pod in pods)
        {
            var ordinal = StatefulPods.Ordinal(pod);
            if (StatefulPods.InOrdinalRange(set, ordinal))
            {
                replicas[ordinal - start] = pod;
            }
            else if (ordinal >= 0)
            {
                condemned.Add(pod);
            }
        }
        for (var i = 0; i < count; i++)
        {
            replicas[i] ??= StatefulPods.NewVersioned(currentSet, updateSet, current.Metadata.Name, update.Metadata.Name, start + i);
        }
        condemned.Sort((a, b) => StatefulPods.Ordinal(b).CompareTo(StatefulPods.Ordinal(a)));
        var slots = replicas.Select(p => p!).ToList();

        // The lowest-ordinal unhealthy pod: in OrderedReady mode the only condemned pod that may go while unhealthy.
        var firstUnhealthy = slots.FirstOrDefault(p => !StatefulPods.IsHealthy(p))
            ?? Enumerable.Reverse(condemned).FirstOrDefault(p => !StatefulPods.IsHealthy(p));

        if (set.Metadata.DeletionTimestamp is not null)
        {
            return status;
        }
        var monotonic = set.Spec.PodManagementPolicy != "Parallel";

        foreach (var pod in slots)
        {
            if (await ProcessReplicaAsync(set, updateSet, pod, monotonic, minReady, now, ct))
            {
                return status;
            }
        }

        // Claims of the pods that stay follow the retention policy (a set ref, no pod ref).
        foreach (var pod in slots.Where(StatefulPods.IsCreated))
        {
            if (!podControl.ClaimsMatchRetention(updateSet, pod))
            {
                await podControl.UpdateClaimsForRetentionAsync(updateSet, pod, ct);
            }
        }
        // Claims of condemned pods get the pod as owner before the pod goes, when whenScaled is Delete.
        foreach (var pod in condemned)
        {
            if (!podControl.ClaimsMatchRetention(updateSet, pod))
            {
                await podControl.UpdateClaimsForRetentionAsync(updateSet, pod, ct);
            }
        }

        // Scale down from the highest ordinal; in OrderedReady mode one at a time, each after its successors are gone.
        foreach (var pod in condemned)
        {
            if (StatefulPods.IsTerminating(pod))
            {
                if (monotonic)
                {
                    return status;
                }
                continue;
            }
            if (monotonic && pod != firstUnhealthy
                && (!StatefulPods.IsRunningAndReady(pod) || !StatefulPods.IsRunningAndAvailable(pod, minReady, now)))
            {
                return status;
            }
            await podControl.DeleteAsync(set, pod, ct);
            if (monotonic)
            {
                return status;
            }
        }

        // OnDelete: pods change revision only when a user deletes them.
        if (set.Spec.UpdateStrategy?.Type == "OnDelete")
        {
            return status;
        }

        // RollingUpdate: delete the highest-ordinal pod not at the update revision, down to the partition; wait for unhealthy ones.
        var partition = set.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
        for (var target = slots.Count - 1; target >= partition; target--)
        {
            var pod = slots[target];
            if (StatefulPods.Revision(pod) != update.Metadata.Name && !StatefulPods.IsTerminating(pod))
            {
                await podControl.DeleteAsync(set, pod, ct);
                status.CurrentReplicas--;
                return status;
            }
            if (!StatefulPods.IsHealthy(pod))
            {
                return status;
            }
        }
        return status;
    }

    /// <summary>Handles one in-range slot; true when the sync must stop here (upstream's processReplica).</summary>
    private async Task<bool> ProcessReplicaAsync(V1StatefulSet set, V1StatefulSet updateSet, V1Pod pod, bool monotonic, int minReady, DateTimeOffset now, CancellationToken ct)
    {
        var phase = pod.Status?.Phase;
        if (phase is "Failed" or "Succeeded")
        {
            // A finished pod is replaced: delete it now, create the new one once it is gone.
            if (!StatefulPods.IsTerminating(pod))
            {
                await podControl.DeleteAsync(set, pod, ct);
            }
            return true;
        }
        if (!StatefulPods.IsCreated(pod))
        {
            if (podControl.ClaimIsStale(set, pod))
            {
                // Wait until the old claim is gone, or the new pod would bind to it.
                return true;
            }
            await podControl.CreateAsync(set, pod, ct);
            return monotonic;
        }
        if (phase == "Pending")
        {
            await podControl.CreateMissingClaimsAsync(set, pod, ct);
        }
        if (monotonic && (StatefulPods.IsTerminating(pod) || !StatefulPods.IsRunningAndReady(pod) || !StatefulPods.IsRunningAndAvailable(pod, minReady, now)))
        {
            return true;
        }
        if (StatefulPods.IdentityMatches(set, pod) && StatefulPods.StorageMatches(set, pod) && podControl.ClaimsMatchRetention(updateSet, pod))
        {
            return false;
        }
        await podControl.UpdateAsync(updateSet, ObjectCopy.Of(pod), ct);
        return false;
    }
}
