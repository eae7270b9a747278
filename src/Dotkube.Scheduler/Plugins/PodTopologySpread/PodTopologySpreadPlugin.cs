using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// Filter on whenUnsatisfiable=DoNotSchedule constraints: placing the pod must keep
/// (pods in the node's domain + self − smallest domain count) ≤ maxSkew. Scoring spreads by the
/// ScheduleAnyway constraints, or by the cluster's default constraints for pods without any.
/// </summary>
public sealed partial class PodTopologySpreadPlugin : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IEnqueueExtensions
{
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    private const string PreFilterKey = "PreFilter" + Names.PodTopologySpread;

    private readonly ClusterCache _cache;

    public PodTopologySpreadPlugin(ClusterCache cache)
    {
        _cache = cache;
    }

    public string Name => Names.PodTopologySpread;

    public Status PreFilter(CycleState state, PodInfo pod)
    {
        var constraints = pod.Pod.Spec?.TopologySpreadConstraints?
            .Where(c => c.WhenUnsatisfiable == "DoNotSchedule")
            .Select(c => SpreadConstraint.From(c, pod.Pod))
            .ToList();
        if (constraints is not { Count: > 0 })
        {
            return Status.SkipStatus;
        }

        var s = new SpreadFilterState(constraints);
        foreach (var node in _cache.Nodes)
        {
            if (!SpreadConstraint.NodeHasAllKeys(node, constraints))
            {
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var c = constraints[i];
                if (!c.Includes(pod.Pod, node))
                {
                    continue;
                }

                var value = node.Labels[c.TopologyKey];
                s.Counts[i][value] = s.Counts[i].GetValueOrDefault(value) + c.CountMatching(node, pod.Namespace);
            }
        }

        state.Write(PreFilterKey, s);
        return Status.Success;
    }

    public void AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node) => Update(state, podToSchedule, podToAdd, node, 1);

    public void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo node) => Update(state, podToSchedule, podToRemove, node, -1);

    private static void Update(CycleState state, PodInfo pod, PodInfo changed, NodeInfo node, int delta)
    {
        var s = state.Read<SpreadFilterState>(PreFilterKey);
        if (s is null || changed.Namespace != pod.Namespace || changed.IsTerminating || !SpreadConstraint.NodeHasAllKeys(node, s.Constraints))
        {
            return;
        }

        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (c.Includes(pod.Pod, node) && c.Selector.Matches(changed.Labels))
            {
                var value = node.Labels[c.TopologyKey];
                s.Counts[i][value] = s.Counts[i].GetValueOrDefault(value) + delta;
            }
        }
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Read<SpreadFilterState>(PreFilterKey);
        if (s is null)
        {
            return Status.Error("PodTopologySpread PreFilter state is missing");
        }

        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (!node.Labels.TryGetValue(c.TopologyKey, out var value))
            {
                return Status.Unresolvable(ErrReasonNodeLabelNotMatch);
            }

            var self = c.Selector.Matches(pod.Labels) ? 1 : 0;
            var skew = s.Counts[i].GetValueOrDefault(value) + self - s.MinMatch(i);
            if (skew > c.MaxSkew)
            {
                return Status.Unschedulable(ErrReasonConstraintsNotMatch);
            }
        }

        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.AssignedPod, ActionType.All),
        new(EventResource.Node, ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
    ];
}
