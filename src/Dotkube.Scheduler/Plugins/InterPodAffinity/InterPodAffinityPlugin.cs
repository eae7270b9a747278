using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Required pod affinity and anti-affinity of the incoming pod, the symmetric check of existing
/// pods' required anti-affinity, and scoring by preferred terms (both ways) and existing pods'
/// required affinity (hard pod affinity weight 1).
/// </summary>
public sealed partial class InterPodAffinityPlugin : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IEnqueueExtensions
{
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    /// <summary>Upstream's default hardPodAffinityWeight.</summary>
    public const int HardPodAffinityWeight = 1;

    private const string PreFilterKey = "PreFilter" + Names.InterPodAffinity;

    private readonly ClusterCache _cache;

    public InterPodAffinityPlugin(ClusterCache cache)
    {
        _cache = cache;
    }

    public string Name => Names.InterPodAffinity;

    public Status PreFilter(CycleState state, PodInfo pod)
    {
        var s = new InterPodAffinityState();
        var nsLabels = (Func<string, IReadOnlyDictionary<string, string>?>)_cache.NamespaceLabels;

        // Existing pods whose required anti-affinity selects the incoming pod (the symmetric check).
        foreach (var (existing, term) in _cache.AntiAffinityTermsThatMaySelect(pod.Labels))
        {
            if (NodeOf(existing) is { } node && node.Labels.TryGetValue(term.TopologyKey, out var v) && term.Matches(pod, nsLabels))
            {
                InterPodAffinityState.Add(s.ExistingAntiAffinityCounts, new TopologyPair(term.TopologyKey, v), 1);
            }
        }

        // Existing pods the incoming pod's required affinity selects: they must match every term.
        if (pod.RequiredAffinityTerms.Count > 0)
        {
            foreach (var existing in Candidates(pod.RequiredAffinityTerms[0]))
            {
                if (NodeOf(existing) is not { } node || !InterPodAffinityState.MatchesAll(pod.RequiredAffinityTerms, existing, nsLabels))
                {
                    continue;
                }

                foreach (var term in pod.RequiredAffinityTerms)
                {
                    if (node.Labels.TryGetValue(term.TopologyKey, out var v))
                    {
                        InterPodAffinityState.Add(s.AffinityCounts, new TopologyPair(term.TopologyKey, v), 1);
                    }
                }
            }
        }

        foreach (var term in pod.RequiredAntiAffinityTerms)
        {
            foreach (var existing in Candidates(term))
            {
                if (NodeOf(existing) is { } node && node.Labels.TryGetValue(term.TopologyKey, out var v) && term.Matches(existing, nsLabels))
                {
                    InterPodAffinityState.Add(s.AntiAffinityCounts, new TopologyPair(term.TopologyKey, v), 1);
                }
            }
        }

        if (pod.RequiredAffinityTerms.Count == 0 && pod.RequiredAntiAffinityTerms.Count == 0 && s.ExistingAntiAffinityCounts.Count == 0)
        {
            return Status.SkipStatus;
        }

        state.Write(PreFilterKey, s);
        return Status.Success;
    }

    /// <summary>Assigned pods a term may select: through the label index when the term requires a label.</summary>
    private IEnumerable<PodInfo> Candidates(AffinityTerm term) =>
        term.Selector.TryGetAnchor(out var anchor)
            ? _cache.PodsWithLabel(anchor.Key, anchor.Value)
            : _cache.Nodes.SelectMany(n => n.Pods);

    private NodeInfo? NodeOf(PodInfo pod) => pod.NodeName is { } name ? _cache.GetNode(name) : null;

    public void AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node) =>
        state.Read<InterPodAffinityState>(PreFilterKey)?.Update(podToSchedule, podToAdd, node, _cache.NamespaceLabels, 1);

    public void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo node) =>
        state.Read<InterPodAffinityState>(PreFilterKey)?.Update(podToSchedule, podToRemove, node, _cache.NamespaceLabels, -1);

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Read<InterPodAffinityState>(PreFilterKey);
        if (s is null)
        {
            return Status.Error("InterPodAffinity PreFilter state is missing");
        }

        if (!SatisfiesAffinity(s, pod, node))
        {
            return Status.Unresolvable(ErrReasonAffinityRulesNotMatch);
        }

        foreach (var term in pod.RequiredAntiAffinityTerms)
        {
            if (node.Labels.TryGetValue(term.TopologyKey, out var v) && s.AntiAffinityCounts.GetValueOrDefault(new TopologyPair(term.TopologyKey, v)) > 0)
            {
                return Status.Unschedulable(ErrReasonAntiAffinityRulesNotMatch);
            }
        }

        if (s.ExistingAntiAffinityCounts.Count > 0)
        {
            foreach (var (pair, count) in s.ExistingAntiAffinityCounts)
            {
                if (count > 0 && node.Labels.TryGetValue(pair.Key, out var v) && v == pair.Value)
                {
                    return Status.Unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
                }
            }
        }

        return Status.Success;
    }

    private bool SatisfiesAffinity(InterPodAffinityState s, PodInfo pod, NodeInfo node)
    {
        var podsExist = true;
        foreach (var term in pod.RequiredAffinityTerms)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var v))
            {
                return false;
            }

            if (s.AffinityCounts.GetValueOrDefault(new TopologyPair(term.TopologyKey, v)) <= 0)
            {
                podsExist = false;
            }
        }

        // The first pod of a group that has affinity to itself may go anywhere with the topology keys,
        // provided no pod in the cluster matches its terms yet.
        return podsExist || (s.AffinityCounts.Count == 0 && InterPodAffinityState.MatchesAll(pod.RequiredAffinityTerms, pod, _cache.NamespaceLabels));
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [
            new(EventResource.AssignedPod, ActionType.All),
            new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
            new(EventResource.Namespace, ActionType.Add | ActionType.Update),
        ];
}
