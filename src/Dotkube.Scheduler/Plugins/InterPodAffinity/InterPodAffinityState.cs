using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// PreFilter's counts per topology domain: existing pods whose required anti-affinity selects the
/// incoming pod, and existing pods the incoming pod's required affinity / anti-affinity selects.
/// </summary>
internal sealed class InterPodAffinityState : ICloneable
{
    public Dictionary<TopologyPair, int> ExistingAntiAffinityCounts { get; private init; } = [];

    public Dictionary<TopologyPair, int> AffinityCounts { get; private init; } = [];

    public Dictionary<TopologyPair, int> AntiAffinityCounts { get; private init; } = [];

    public object Clone() => new InterPodAffinityState
    {
        ExistingAntiAffinityCounts = new(ExistingAntiAffinityCounts),
        AffinityCounts = new(AffinityCounts),
        AntiAffinityCounts = new(AntiAffinityCounts),
    };

    public static void Add(Dictionary<TopologyPair, int> counts, TopologyPair pair, int delta)
    {
        var value = counts.GetValueOrDefault(pair) + delta;
        if (value == 0)
        {
            counts.Remove(pair);
        }
        else
        {
            counts[pair] = value;
        }
    }

    /// <summary>Adds (or with -1 removes) one existing pod on a node to the counts.</summary>
    public void Update(PodInfo incoming, PodInfo existing, NodeInfo node, Func<string, IReadOnlyDictionary<string, string>?> nsLabels, int delta)
    {
        foreach (var term in existing.RequiredAntiAffinityTerms)
        {
            if (node.Labels.TryGetValue(term.TopologyKey, out var v) && term.Matches(incoming, nsLabels))
            {
                Add(ExistingAntiAffinityCounts, new TopologyPair(term.TopologyKey, v), delta);
            }
        }

        if (incoming.RequiredAffinityTerms.Count > 0 && MatchesAll(incoming.RequiredAffinityTerms, existing, nsLabels))
        {
            foreach (var term in incoming.RequiredAffinityTerms)
            {
                if (node.Labels.TryGetValue(term.TopologyKey, out var v))
                {
                    Add(AffinityCounts, new TopologyPair(term.TopologyKey, v), delta);
                }
            }
        }

        foreach (var term in incoming.RequiredAntiAffinityTerms)
        {
            if (node.Labels.TryGetValue(term.TopologyKey, out var v) && term.Matches(existing, nsLabels))
            {
                Add(AntiAffinityCounts, new TopologyPair(term.TopologyKey, v), delta);
            }
        }
    }

    public static bool MatchesAll(IReadOnlyList<AffinityTerm> terms, PodInfo pod, Func<string, IReadOnlyDictionary<string, string>?> nsLabels)
    {
        foreach (var t in terms)
        {
            if (!t.Matches(pod, nsLabels))
            {
                return false;
            }
        }

        return true;
    }
}
