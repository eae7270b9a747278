using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.ReplicaSet;

/// <summary>
/// Which surplus pods go first when scaling down (upstream's ActivePodsWithRanks): unassigned
/// before assigned; Pending before Unknown before Running; not ready before ready; pods sharing a
/// node with more of their siblings (higher rank) first; ready for less time first; more
/// container restarts first; newer first.
/// </summary>
public sealed class PodDeletionOrder(IReadOnlyDictionary<string, int> ranks) : IComparer<V1Pod>
{
    /// <summary>The pods to delete: the first <paramref name="count"/> in deletion order.</summary>
    public static List<V1Pod> PodsToDelete(IReadOnlyList<V1Pod> filtered, IReadOnlyList<V1Pod> related, int count)
    {
        if (count >= filtered.Count)
        {
            return [.. filtered];
        }
        var order = new PodDeletionOrder(Ranks(filtered, related));
        return [.. filtered.OrderBy(p => p, order).Take(count)];
    }

    /// <summary>Rank of each pod: how many active related pods run on its node.</summary>
    public static Dictionary<string, int> Ranks(IReadOnlyList<V1Pod> pods, IReadOnlyList<V1Pod> related)
    {
        var perNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in related.Where(PodUtil.IsActive))
        {
            if (pod.Spec?.NodeName is { Length: > 0 } node)
            {
                perNode[node] = perNode.GetValueOrDefault(node) + 1;
            }
        }
        return pods.ToDictionary(p => p.Metadata.Uid ?? p.Metadata.Name, p => p.Spec?.NodeName is { Length: > 0 } n ? perNode.GetValueOrDefault(n) : 0);
    }

    private static int PhaseOrder(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    };

    public int Compare(V1Pod? x, V1Pod? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var xAssigned = !string.IsNullOrEmpty(x.Spec?.NodeName);
        var yAssigned = !string.IsNullOrEmpty(y.Spec?.NodeName);
        if (xAssigned != yAssigned)
        {
            return xAssigned ? 1 : -1;
        }
        var phase = PhaseOrder(x).CompareTo(PhaseOrder(y));
        if (phase != 0)
        {
            return phase;
        }
        var xReady = PodUtil.IsReady(x);
        var yReady = PodUtil.IsReady(y);
        if (xReady != yReady)
        {
            return xReady ? 1 : -1;
        }
        var rank = Rank(y).CompareTo(Rank(x));
        if (rank != 0)
        {
            return rank;
        }
        if (xReady && yReady)
        {
            // Ready more recently goes first.
            var xSince = PodUtil.ReadyCondition(x)?.LastTransitionTime;
            var ySince = PodUtil.ReadyCondition(y)?.LastTransitionTime;
            if (xSince != ySince)
            {
                return Nullable.Compare(ySince, xSince);
            }
        }
        var restarts = PodUtil.Restarts(y).CompareTo(PodUtil.Restarts(x));
        if (restarts != 0)
        {
            return restarts;
        }
        // Newer first.
        return Nullable.Compare(y.Metadata.CreationTimestamp, x.Metadata.CreationTimestamp);
    }

    private int Rank(V1Pod pod) => ranks.GetValueOrDefault(pod.Metadata.Uid ?? pod.Metadata.Name);
}
