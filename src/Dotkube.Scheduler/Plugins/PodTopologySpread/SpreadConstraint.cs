using Dotkube.Scheduler.Framework;
using Dotkube.Scheduler.Plugins.NodeAffinity;
using Dotkube.Scheduler.Plugins.TaintToleration;
using k8s.Models;

namespace Dotkube.Scheduler.Plugins.PodTopologySpread;

/// <summary>A topology spread constraint compiled for one pod (matchLabelKeys folded into the selector).</summary>
public sealed record SpreadConstraint(int MaxSkew, string TopologyKey, LabelMatcher Selector, int MinDomains, bool HonorNodeAffinity, bool HonorTaints)
{
    public const string Hostname = "kubernetes.io/hostname";
    public const string Zone = "topology.kubernetes.io/zone";

    public static SpreadConstraint From(V1TopologySpreadConstraint c, V1Pod pod)
    {
        var selector = LabelMatcher.From(c.LabelSelector);
        var labels = pod.Metadata?.Labels;
        if (c.MatchLabelKeys is { Count: > 0 } keys && labels is not null)
        {
            selector = selector.WithEquals(keys.Where(labels.ContainsKey).Select(k => (k, labels[k])));
        }

        return new SpreadConstraint(
            c.MaxSkew,
            c.TopologyKey,
            selector,
            c.MinDomains ?? 1,
            HonorNodeAffinity: c.NodeAffinityPolicy is null or "Honor",
            HonorTaints: c.NodeTaintsPolicy == "Honor");
    }

    /// <summary>Whether the node's domain counts for this constraint (nodeAffinityPolicy, nodeTaintsPolicy).</summary>
    public bool Includes(V1Pod pod, NodeInfo node)
    {
        if (HonorNodeAffinity && !NodeAffinityPlugin.RequiredMatches(pod, node))
        {
            return false;
        }

        if (HonorTaints)
        {
            foreach (var taint in node.Taints)
            {
                if (taint.Effect is "NoSchedule" or "NoExecute" && !Tolerations.Tolerates(pod.Spec?.Tolerations, taint))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Pods on the node this constraint counts: same namespace, not terminating, selected.</summary>
    public int CountMatching(NodeInfo node, string ns)
    {
        var count = 0;
        foreach (var p in node.Pods)
        {
            if (p.Namespace == ns && !p.IsTerminating && Selector.Matches(p.Labels))
            {
                count++;
            }
        }

        return count;
    }

    public static bool NodeHasAllKeys(NodeInfo node, IReadOnlyList<SpreadConstraint> constraints)
    {
        foreach (var c in constraints)
        {
            if (!node.Labels.ContainsKey(c.TopologyKey))
            {
                return false;
            }
        }

        return true;
    }
}
