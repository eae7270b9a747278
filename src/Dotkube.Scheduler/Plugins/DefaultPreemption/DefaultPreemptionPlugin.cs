using Dotkube.Scheduler.Cache;
using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// When no node fits, finds nodes where evicting lower-priority pods would let the pod fit, keeps the
/// fewest and least important victims (sparing PodDisruptionBudget-protected pods first), picks one
/// node by upstream's criteria, and nominates the pod to it.
/// </summary>
public sealed partial class DefaultPreemptionPlugin : IPostFilterPlugin
{
    public const string NoVictims = "No preemption victims found for incoming pod";
    public const string NotHelpful = "Preemption is not helpful for scheduling";

    /// <summary>Upstream's defaults: dry-run at least 10% of the nodes, and at least 100.</summary>
    private const int MinCandidateNodesPercentage = 10;
    private const int MinCandidateNodesAbsolute = 100;

    private readonly ClusterCache _cache;
    private readonly Random _random;

    public DefaultPreemptionPlugin(ClusterCache cache, Random? random = null)
    {
        _cache = cache;
        _random = random ?? Random.Shared;
    }

    public string Name => Names.DefaultPreemption;

    /// <summary>Set once the profile's framework exists; preemption re-runs its filters.</summary>
    public SchedulingFramework? Framework { get; set; }

    public PostFilterResult PostFilter(CycleState state, PodInfo pod, IReadOnlyDictionary<string, Status> nodeStatuses)
    {
        var framework = Framework ?? throw new InvalidOperationException("DefaultPreemption has no framework");
        if (NotEligible(pod, nodeStatuses) is { } why)
        {
            return new PostFilterResult(Status.Unschedulable("preemption: " + why));
        }

        var statuses = new Dictionary<string, Status>(StringComparer.Ordinal);
        var potential = new List<NodeInfo>();
        foreach (var node in _cache.Nodes)
        {
            // A node that is not in the map was never filtered (nominated-node fast path); treat it as a candidate.
            if (!nodeStatuses.TryGetValue(node.Name, out var s) || s.Code == StatusCode.Unschedulable)
            {
                potential.Add(node);
            }
            else
            {
                statuses[node.Name] = Status.Unresolvable(NotHelpful);
            }
        }

        var candidates = new List<Candidate>();
        if (potential.Count > 0)
        {
            var wanted = Math.Min(potential.Count, Math.Max(potential.Count * MinCandidateNodesPercentage / 100, MinCandidateNodesAbsolute));
            var offset = _random.Next(potential.Count);
            for (var i = 0; i < potential.Count && candidates.Count < wanted; i++)
            {
                var node = potential[(offset + i) % potential.Count];
                var (victims, violations, status) = SelectVictimsOnNode(framework, state, pod, node);
                if (status.IsSuccess)
                {
                    candidates.Add(new Candidate(node.Name, victims, violations));
                }
                else
                {
                    statuses[node.Name] = status;
                }
            }
        }

        if (candidates.Count == 0)
        {
            var message = FitError.Message(_cache.Nodes.Count, statuses.Values, null, null);
            return new PostFilterResult(Status.Unschedulable("preemption: " + message));
        }

        var best = PickOneNode(candidates);
        return new PostFilterResult(Status.Success, best.NodeName, best.Victims);
    }

    private string? NotEligible(PodInfo pod, IReadOnlyDictionary<string, Status> nodeStatuses)
    {
        if (pod.Pod.Spec?.PreemptionPolicy == "Never")
        {
            return "not eligible due to preemptionPolicy=Never.";
        }

        // A pod that already preempted waits for its victims rather than preempting again.
        var nominated = pod.Pod.Status?.NominatedNodeName;
        if (!string.IsNullOrEmpty(nominated) && _cache.GetNode(nominated) is { } node
            && !(nodeStatuses.TryGetValue(nominated, out var s) && s.Code == StatusCode.UnschedulableAndUnresolvable)
            && node.Pods.Any(p => p.IsTerminating && p.Priority < pod.Priority))
        {
            return "not eligible due to a terminating pod on the nominated node.";
        }

        return null;
    }

    /// <summary>
    /// Removes every lower-priority pod from the node; if the pod then fits, adds them back one by one,
    /// most important first (PDB-protected ones before the rest), keeping each that still leaves room.
    /// The node is restored before returning.
    /// </summary>
    internal (IReadOnlyList<PodInfo> Victims, int Violations, Status Status) SelectVictimsOnNode(
        SchedulingFramework framework, CycleState cycleState, PodInfo pod, NodeInfo node)
    {
        var lower = node.Pods.Where(p => p.Priority < pod.Priority).ToList();
        if (lower.Count == 0)
        {
            return ([], 0, Status.Unresolvable(NoVictims));
        }

        var state = cycleState.Clone();
        foreach (var p in lower)
        {
            node.RemovePod(p.Key);
            framework.RunPreFilterRemovePod(state, pod, p, node);
        }

        var removed = new List<PodInfo>(lower);
        try
        {
            var fits = framework.RunFilter(state, pod, node);
            if (!fits.IsSuccess)
            {
                return ([], 0, fits);
            }

            lower.Sort(MoreImportantFirst);
            var (violating, nonViolating) = SplitByDisruptionBudgets(lower);
            var victims = new List<PodInfo>();
            var violations = 0;
            foreach (var (group, isViolating) in new[] { (violating, true), (nonViolating, false) })
            {
                foreach (var p in group)
                {
                    node.AddPod(p);
                    framework.RunPreFilterAddPod(state, pod, p, node);
                    if (framework.RunFilter(state, pod, node).IsSuccess)
                    {
                        removed.Remove(p);
                        continue;
                    }

                    node.RemovePod(p.Key);
                    framework.RunPreFilterRemovePod(state, pod, p, node);
                    victims.Add(p);
                    if (isViolating)
                    {
                        violations++;
                    }
                }
            }

            victims.Sort(MoreImportantFirst);
            return (victims, violations, Status.Success);
        }
        finally
        {
            foreach (var p in removed)
            {
                node.AddPod(p);
            }
        }
    }

    /// <summary>Higher priority first; equal priority: the one that started earlier.</summary>
    internal static int MoreImportantFirst(PodInfo a, PodInfo b)
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        return byPriority != 0 ? byPriority : a.StartTime.CompareTo(b.StartTime);
    }
}
