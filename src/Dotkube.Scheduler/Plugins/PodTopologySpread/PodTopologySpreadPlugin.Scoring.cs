using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.PodTopologySpread;

public sealed partial class PodTopologySpreadPlugin : IPreScorePlugin, IScorePlugin
{
    private const string PreScoreKey = "PreScore" + Names.PodTopologySpread;

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var specConstraints = pod.Pod.Spec?.TopologySpreadConstraints;
        var systemDefaulted = specConstraints is not { Count: > 0 };
        var constraints = systemDefaulted
            ? DefaultConstraints(pod)
            : specConstraints!.Where(c => c.WhenUnsatisfiable == "ScheduleAnyway").Select(c => SpreadConstraint.From(c, pod.Pod)).ToList();
        if (constraints.Count == 0)
        {
            return Status.SkipStatus;
        }

        var s = new SpreadScoreState(constraints);
        var domains = constraints.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var node in nodes)
        {
            if (!systemDefaulted && !SpreadConstraint.NodeHasAllKeys(node, constraints))
            {
                s.IgnoredNodes.Add(node.Name);
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                if (node.Labels.TryGetValue(constraints[i].TopologyKey, out var v))
                {
                    domains[i].Add(v);
                    if (constraints[i].TopologyKey != SpreadConstraint.Hostname)
                    {
                        s.PairCounts[i].TryAdd(v, 0);
                    }
                }
            }
        }

        for (var i = 0; i < constraints.Count; i++)
        {
            var size = constraints[i].TopologyKey == SpreadConstraint.Hostname ? nodes.Count - s.IgnoredNodes.Count : domains[i].Count;
            s.Weights[i] = Math.Log(size + 2);
        }

        // Counts for zones and other shared domains come from every eligible node, not only the feasible ones.
        if (s.PairCounts.Any(p => p.Count > 0))
        {
            foreach (var node in _cache.Nodes)
            {
                if (!systemDefaulted && !SpreadConstraint.NodeHasAllKeys(node, constraints))
                {
                    continue;
                }

                for (var i = 0; i < constraints.Count; i++)
                {
                    var c = constraints[i];
                    if (c.TopologyKey == SpreadConstraint.Hostname || !node.Labels.TryGetValue(c.TopologyKey, out var v)
                        || !s.PairCounts[i].ContainsKey(v) || !c.Includes(pod.Pod, node))
                    {
                        continue;
                    }

                    s.PairCounts[i][v] += c.CountMatching(node, pod.Namespace);
                }
            }
        }

        state.Write(PreScoreKey, s);
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Read<SpreadScoreState>(PreScoreKey)!;
        if (s.IgnoredNodes.Contains(node.Name))
        {
            return 0;
        }

        double score = 0;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (!node.Labels.TryGetValue(c.TopologyKey, out var v))
            {
                continue;
            }

            long count = c.TopologyKey == SpreadConstraint.Hostname ? c.CountMatching(node, pod.Namespace) : s.PairCounts[i].GetValueOrDefault(v);
            score += (count * s.Weights[i]) + (c.MaxSkew - 1);
        }

        return (long)Math.Round(score, MidpointRounding.AwayFromZero);
    }

    /// <summary>Fewer matching pods is better: 100 × (max + min − score) / max; ignored nodes get 0.</summary>
    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        var s = state.Read<SpreadScoreState>(PreScoreKey)!;
        var min = long.MaxValue;
        long max = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (s.IgnoredNodes.Contains(nodes[i].Name))
            {
                continue;
            }

            min = Math.Min(min, scores[i]);
            max = Math.Max(max, scores[i]);
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (s.IgnoredNodes.Contains(nodes[i].Name))
            {
                scores[i] = 0;
            }
            else if (max == 0)
            {
                scores[i] = ScoreNormalization.MaxNodeScore;
            }
            else
            {
                scores[i] = ScoreNormalization.MaxNodeScore * (max + min - scores[i]) / max;
            }
        }
    }

    /// <summary>
    /// The cluster's default constraints (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) for a pod
    /// selected by a Service, ReplicaSet, StatefulSet or ReplicationController in its namespace; the
    /// selector is all those selectors together.
    /// </summary>
    private List<SpreadConstraint> DefaultConstraints(PodInfo pod)
    {
        var selectors = _cache.WorkloadSelectors
            .Where(w => w.Namespace == pod.Namespace && w.Selector.Matches(pod.Labels))
            .Select(w => w.Selector)
            .ToList();
        if (selectors.Count == 0)
        {
            return [];
        }

        var selector = LabelMatcher.AllOf(selectors);
        return
        [
            new SpreadConstraint(3, SpreadConstraint.Hostname, selector, 1, HonorNodeAffinity: true, HonorTaints: false),
            new SpreadConstraint(5, SpreadConstraint.Zone, selector, 1, HonorNodeAffinity: true, HonorTaints: false),
        ];
    }
}
