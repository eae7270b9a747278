using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// Filter: spec.nodeSelector and required node affinity. Score: the sum of the weights of the
/// preferred terms the node matches, normalized so the best node gets 100.
/// </summary>
public sealed class NodeAffinityPlugin : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    public string Name => Names.NodeAffinity;

    /// <summary>Whether the node satisfies the pod's nodeSelector and required node affinity (also used by PodTopologySpread).</summary>
    public static bool RequiredMatches(V1Pod pod, NodeInfo node)
    {
        if (pod.Spec?.NodeSelector is { Count: > 0 } selector)
        {
            foreach (var (k, v) in selector)
            {
                if (!node.Labels.TryGetValue(k, out var actual) || actual != v)
                {
                    return false;
                }
            }
        }

        var required = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return required is null || (node.Node is not null && NodeSelectorMatcher.Matches(required, node.Node));
    }

    public Status PreFilter(CycleState state, PodInfo pod)
    {
        var spec = pod.Pod.Spec;
        return spec?.NodeSelector is { Count: > 0 } || spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is not null
            ? Status.Success
            : Status.SkipStatus;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        RequiredMatches(pod.Pod, node) ? Status.Success : Status.Unresolvable(ErrReasonPod);

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes) =>
        pod.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 } ? Status.Success : Status.SkipStatus;

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        long score = 0;
        foreach (var term in pod.Pod.Spec!.Affinity!.NodeAffinity!.PreferredDuringSchedulingIgnoredDuringExecution)
        {
            if (term.Weight != 0 && term.Preference is not null && node.Node is not null && NodeSelectorMatcher.TermMatches(term.Preference, node.Node))
            {
                score += term.Weight;
            }
        }

        return score;
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores) =>
        ScoreNormalization.Default(scores, reverse: false);

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint)];
}
