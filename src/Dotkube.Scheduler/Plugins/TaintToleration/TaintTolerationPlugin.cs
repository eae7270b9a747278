using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler.Plugins.TaintToleration;

/// <summary>
/// Filter: every NoSchedule and NoExecute taint must be tolerated. Score: fewer untolerated
/// PreferNoSchedule taints is better (counted, then normalized in reverse).
/// </summary>
public sealed class TaintTolerationPlugin : IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    private const string StateKey = "PreScore" + Names.TaintToleration;

    public string Name => Names.TaintToleration;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var tolerations = pod.Pod.Spec?.Tolerations;
        foreach (var taint in node.Taints)
        {
            if (taint.Effect is "NoSchedule" or "NoExecute" && !Tolerations.Tolerates(tolerations, taint))
            {
                return Status.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
            }
        }

        return Status.Success;
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var relevant = pod.Pod.Spec?.Tolerations?.Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule").ToList() ?? [];
        state.Write(StateKey, relevant);
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var tolerations = state.Read<List<V1Toleration>>(StateKey);
        long count = 0;
        foreach (var taint in node.Taints)
        {
            if (taint.Effect == "PreferNoSchedule" && !Tolerations.Tolerates(tolerations, taint))
            {
                count++;
            }
        }

        return count;
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores) =>
        ScoreNormalization.Default(scores, reverse: true);

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint)];
}
