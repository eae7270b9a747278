using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler;

/// <summary>
/// One pod's placement: PreFilter, Filter over the nodes (in parallel, stopping once enough feasible
/// nodes are found, starting where the previous pod stopped), then PreScore, Score and the best node
/// (ties broken at random). Runs under the cache lock.
/// </summary>
internal sealed class SchedulingAlgorithm
{
    /// <summary>Upstream's minFeasibleNodesToFind and minFeasibleNodesPercentageToFind.</summary>
    internal const int MinFeasibleNodesToFind = 100;
    internal const int MinFeasibleNodesPercentageToFind = 5;

    public const string NoNodesAvailable = "no nodes available to schedule pods";

    private readonly ClusterCache _cache;
    private readonly SchedulingFramework _framework;
    private readonly SchedulerOptions _options;
    private readonly Func<Dictionary<string, List<PodInfo>>> _nominatedPods;
    private int _nextStartNodeIndex;

    public SchedulingAlgorithm(ClusterCache cache, SchedulingFramework framework, SchedulerOptions options, Func<Dictionary<string, List<PodInfo>>> nominatedPods)
    {
        _cache = cache;
        _framework = framework;
        _options = options;
        _nominatedPods = nominatedPods;
    }

    /// <summary>How many feasible nodes are enough: all below 100 nodes; else a share that shrinks as the cluster grows.</summary>
    internal static int NumFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind || percentageOfNodesToScore >= 100)
        {
            return numAllNodes;
        }

        var percentage = percentageOfNodesToScore;
        if (percentage <= 0)
        {
            percentage = 50 - (numAllNodes / 125);
            if (percentage < MinFeasibleNodesPercentageToFind)
            {
                percentage = MinFeasibleNodesPercentageToFind;
            }
        }

        var numNodes = numAllNodes * percentage / 100;
        return numNodes < MinFeasibleNodesToFind ? MinFeasibleNodesToFind : numNodes;
    }

    /// <summary>The chosen node, or the diagnosis of why none fits, or an error status.</summary>
    public (string? Node, Diagnosis? Diagnosis, Status? Error) Schedule(CycleState state, PodInfo pod)
    {
        var nodes = _cache.Nodes;
        if (nodes.Count == 0)
        {
            return (null, null, Status.Unresolvable(NoNodesAvailable));
        }

        var pre = _framework.RunPreFilter(state, pod);
        if (!pre.IsSuccess)
        {
            if (!pre.IsRejected)
            {
                return (null, null, pre);
            }

            var d = new Diagnosis { PreFilterMessage = pre.Message };
            foreach (var n in nodes)
            {
                d.NodeStatuses[n.Name] = pre;
            }

            d.UnschedulablePlugins.Add(pre.Plugin ?? "");
            return (null, d, null);
        }

        var diagnosis = new Diagnosis();
        var feasible = FindFeasible(state, pod, nodes, diagnosis, out var error);
        if (error is not null)
        {
            return (null, null, error);
        }

        if (feasible.Count == 0)
        {
            return (null, diagnosis, null);
        }

        if (feasible.Count == 1)
        {
            return (feasible[0].Name, null, null);
        }

        var preScore = _framework.RunPreScore(state, pod, feasible);
        if (!preScore.IsSuccess)
        {
            return (null, null, preScore);
        }

        var scores = _framework.RunScore(state, pod, feasible, _options.Parallelism);
        return (SelectHost(feasible, scores), null, null);
    }

    private List<NodeInfo> FindFeasible(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Diagnosis diagnosis, out Status? error)
    {
        error = null;
        var nominatedPods = _nominatedPods();

        // A pod that preempted tries its nominated node first.
        if (pod.Pod.Status?.NominatedNodeName is { Length: > 0 } nominated && _cache.GetNode(nominated) is { } nominatedNode
            && Filter(state, pod, nominatedNode, nominatedPods).IsSuccess)
        {
            return [nominatedNode];
        }

        var n = nodes.Count;
        var want = NumFeasibleNodesToFind(_options.PercentageOfNodesToScore, n);
        var start = _nextStartNodeIndex % n;
        var results = new Status?[n];
        var found = 0;
        var processed = 0;

        void Check(int k)
        {
            if (Volatile.Read(ref found) >= want)
            {
                return;
            }

            Interlocked.Increment(ref processed);
            var s = Filter(state, pod, nodes[(start + k) % n], nominatedPods);
            if (s.IsSuccess)
            {
                if (Interlocked.Increment(ref found) > want)
                {
                    return;
                }
            }

            results[k] = s;
        }

        Parallelism.For(n, _options.Parallelism, Check);
        _nextStartNodeIndex = (start + processed) % n;

        var feasible = new List<NodeInfo>(Math.Min(want, n));
        for (var k = 0; k < n; k++)
        {
            var s = results[k];
            if (s is null)
            {
                continue;
            }

            var node = nodes[(start + k) % n];
            if (s.IsSuccess)
            {
                if (feasible.Count < want)
                {
                    feasible.Add(node);
                }
            }
            else if (s.Code == StatusCode.Error)
            {
                error = s;
                return [];
            }
            else
            {
                diagnosis.NodeStatuses[node.Name] = s;
                diagnosis.UnschedulablePlugins.Add(s.Plugin ?? "");
            }
        }

        return feasible;
    }

    /// <summary>
    /// Filters as if the pending pods nominated to the node with at least this pod's priority were
    /// already there (so a preemptor's room is not taken), and then, if that passes, without them
    /// (so affinity to them is not assumed), as upstream.
    /// </summary>
    private Status Filter(CycleState state, PodInfo pod, NodeInfo node, Dictionary<string, List<PodInfo>> nominatedPods)
    {
        if (nominatedPods.Count == 0 || !nominatedPods.TryGetValue(node.Name, out var nominated))
        {
            return _framework.RunFilter(state, pod, node);
        }

        var others = nominated.Where(p => p.Key != pod.Key && p.Priority >= pod.Priority).Select(p => new PodInfo(p.Pod, node.Name)).ToList();
        if (others.Count == 0)
        {
            return _framework.RunFilter(state, pod, node);
        }

        var withNominated = node.CloneWith(others);
        var stateWithNominated = state.Clone();
        foreach (var p in others)
        {
            _framework.RunPreFilterAddPod(stateWithNominated, pod, p, withNominated);
        }

        var s = _framework.RunFilter(stateWithNominated, pod, withNominated);
        return s.IsSuccess ? _framework.RunFilter(state, pod, node) : s;
    }

    private string SelectHost(IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < nodes.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
                ties = 1;
            }
            else if (scores[i] == scores[best])
            {
                // Reservoir sampling: each tied node is equally likely.
                ties++;
                if (_options.Random.Next(ties) == 0)
                {
                    best = i;
                }
            }
        }

        return nodes[best].Name;
    }
}
