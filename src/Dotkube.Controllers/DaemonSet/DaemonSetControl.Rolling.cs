using Dotkube.Controllers.Common;
using Dotkube.Controllers.Deployment;
using k8s.Models;

namespace Dotkube.Controllers.DaemonSet;

public sealed partial class DaemonSetControl
{
    public static bool AllowsSurge(V1DaemonSet ds) =>
        (ds.Spec.UpdateStrategy?.Type ?? "RollingUpdate") == "RollingUpdate"
        && ds.Spec.UpdateStrategy?.RollingUpdate?.MaxSurge is { } surge && RollingUpdateMath.Scaled(surge, 1, roundUp: true) > 0;

    /// <summary>
    /// maxSurge and maxUnavailable as counts of the nodes that should run the pod, both rounded up;
    /// both zero would stall, so maxUnavailable becomes 1 (upstream's updatedDesiredNodeCounts).
    /// </summary>
    public static (int Surge, int Unavailable) DesiredCounts(V1DaemonSet ds, IReadOnlyList<V1Node> nodes)
    {
        var desired = nodes.Count(n => NodeEligibility.ShouldRun(n, ds).ShouldRun);
        var rolling = ds.Spec.UpdateStrategy?.RollingUpdate;
        var unavailable = RollingUpdateMath.Scaled(rolling?.MaxUnavailable ?? (IntOrString)"1", desired, roundUp: true);
        var surge = AllowsSurge(ds) ? RollingUpdateMath.Scaled(rolling!.MaxSurge!, desired, roundUp: true) : 0;
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }
        return (surge, unavailable);
    }

    /// <summary>The new and old pod on a node, or false when there is more than one of either (manage cleans that up first).</summary>
    private static bool UpdatedAndOld(IEnumerable<V1Pod> pods, string hash, long? generation, out V1Pod? updated, out V1Pod? old)
    {
        updated = null;
        old = null;
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            if (DaemonPods.IsUpdated(pod, hash, generation))
            {
                if (updated is not null)
                {
                    return false;
                }
                updated = pod;
            }
            else
            {
                if (old is not null)
                {
                    return false;
                }
                old = pod;
            }
        }
        return true;
    }

    /// <summary>
    /// Replaces old pods (upstream's rollingUpdate). Without surge: deletes old pods while fewer
    /// than maxUnavailable nodes lack an available pod (unavailable old pods go at once); manage
    /// then creates their replacements. With surge: creates a new pod beside an available old one
    /// while fewer than maxSurge nodes are surging, and deletes the old pod once the new one is available.
    /// </summary>
    private async Task RollingUpdateAsync(string key, V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, string hash, CancellationToken ct)
    {
        var nodeToPods = NodeToPods(pods);
        var (maxSurge, maxUnavailable) = DesiredCounts(ds, nodes);
        var generation = DaemonPods.TemplateGeneration(ds);
        var now = clock.GetUtcNow();
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        var byName = nodes.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        // Nodes in a stable order so that which ones go first does not depend on dictionary order.
        var entries = nodeToPods.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();

        if (maxSurge == 0)
        {
            var unavailable = 0;
            var replace = new List<V1Pod>();
            var candidates = new List<V1Pod>();
            foreach (var (_, list) in entries)
            {
                if (!UpdatedAndOld(list, hash, generation, out var updated, out var old))
                {
                    unavailable++;
                    continue;
                }
                if ((old is null && updated is null) || (old is not null && updated is not null))
                {
                    unavailable++;
                }
                else if (updated is not null)
                {
                    if (!PodUtil.IsAvailable(updated, minReady, now))
                    {
                        unavailable++;
                    }
                }
                else if (!PodUtil.IsAvailable(old!, minReady, now))
                {
                    replace.Add(old!);
                    unavailable++;
                }
                else if (unavailable < maxUnavailable)
                {
                    candidates.Add(old!);
                }
            }
            var remaining = Math.Clamp(maxUnavailable - unavailable, 0, candidates.Count);
            await SyncNodesAsync(key, ds, [.. replace, .. candidates.Take(remaining)], [], hash, ct);
            return;
        }

        var oldToDelete = new List<V1Pod>();
        var allowedNew = new List<string>();
        var candidateNew = new List<string>();
        var surging = 0;
        foreach (var (node, list) in entries)
        {
            if (!UpdatedAndOld(list, hash, generation, out var updated, out var old))
            {
                surging++;
                continue;
            }
            if (!byName.TryGetValue(node, out var nodeObject) || !NodeEligibility.ShouldRun(nodeObject, ds).ShouldRun)
            {
                // Pods on nodes that should not run them are manage's to remove.
                continue;
            }
            if (old is null)
            {
                continue;
            }
            if (updated is null)
            {
                if (!PodUtil.IsAvailable(old, minReady, now))
                {
                    allowedNew.Add(node);
                }
                else if (surging < maxSurge)
                {
                    candidateNew.Add(node);
                }
                continue;
            }
            if (!PodUtil.IsAvailable(updated, minReady, now))
            {
                surging++;
                continue;
            }
            oldToDelete.Add(old);
        }
        var room = Math.Clamp(maxSurge - surging, 0, candidateNew.Count);
        await SyncNodesAsync(key, ds, oldToDelete, [.. allowedNew, .. candidateNew.Take(room)], hash, ct);
    }
}
