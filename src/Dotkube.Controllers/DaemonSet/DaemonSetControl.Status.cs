using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

public sealed partial class DaemonSetControl
{
    /// <summary>
    /// The status for the nodes and pods as they are (upstream's updateDaemonSetStatus): per node that
    /// should run the pod, whether it has one, whether its oldest is ready, available and updated;
    /// per node that should not, whether it has one anyway (misscheduled).
    /// </summary>
    public static V1DaemonSetStatus Status(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, string hash, bool observed, DateTimeOffset now)
    {
        var nodeToPods = NodeToPods(pods);
        var generation = DaemonPods.TemplateGeneration(ds);
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        int desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        foreach (var node in nodes)
        {
            var shouldRun = NodeEligibility.ShouldRun(node, ds).ShouldRun;
            var scheduled = nodeToPods.TryGetValue(node.Metadata.Name, out var list) && list.Count > 0;
            if (!shouldRun)
            {
                if (scheduled)
                {
                    misscheduled++;
                }
                continue;
            }
            desired++;
            if (!scheduled)
            {
                continue;
            }
            current++;
            var pod = DaemonPods.OldestFirst(list!)[0];
            if (PodUtil.IsReady(pod))
            {
                ready++;
                if (PodUtil.IsAvailable(pod, minReady, now))
                {
                    available++;
                }
            }
            if (DaemonPods.IsUpdated(pod, hash, generation))
            {
                updated++;
            }
        }
        return new V1DaemonSetStatus
        {
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = current,
            NumberMisscheduled = misscheduled,
            NumberReady = ready,
            NumberAvailable = available,
            UpdatedNumberScheduled = updated,
            NumberUnavailable = desired - available,
            ObservedGeneration = observed ? ds.Metadata.Generation : ds.Status?.ObservedGeneration,
            CollisionCount = ds.Status?.CollisionCount,
            Conditions = ds.Status?.Conditions,
        };
    }

    public static bool Differs(V1DaemonSetStatus? old, V1DaemonSetStatus wanted) =>
        old is null
        || old.DesiredNumberScheduled != wanted.DesiredNumberScheduled
        || old.CurrentNumberScheduled != wanted.CurrentNumberScheduled
        || old.NumberMisscheduled != wanted.NumberMisscheduled
        || old.NumberReady != wanted.NumberReady
        || (old.NumberAvailable ?? 0) != (wanted.NumberAvailable ?? 0)
        || (old.UpdatedNumberScheduled ?? 0) != (wanted.UpdatedNumberScheduled ?? 0)
        || (old.NumberUnavailable ?? 0) != (wanted.NumberUnavailable ?? 0)
        || old.ObservedGeneration != wanted.ObservedGeneration;

    private async Task<V1DaemonSetStatus> UpdateStatusAsync(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, string hash, bool observed, CancellationToken ct)
    {
        var status = Status(ds, nodes, pods, hash, observed, clock.GetUtcNow());
        if (Differs(ds.Status, status))
        {
            await objects.UpdateStatusAsync(ds, status, ct);
        }
        return status;
    }
}
