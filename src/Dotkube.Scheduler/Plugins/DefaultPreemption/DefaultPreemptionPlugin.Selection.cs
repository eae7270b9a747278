using Dotkube.Scheduler.Framework;
using k8s.Models;

namespace Dotkube.Scheduler.Plugins.DefaultPreemption;

public sealed partial class DefaultPreemptionPlugin
{
    /// <summary>
    /// Pods whose eviction would exceed a matching budget's disruptionsAllowed (counting the earlier
    /// pods of the list against it) are "violating"; pods already listed in a budget's disruptedPods
    /// do not count again.
    /// </summary>
    internal (List<PodInfo> Violating, List<PodInfo> NonViolating) SplitByDisruptionBudgets(IReadOnlyList<PodInfo> pods)
    {
        var budgets = _cache.DisruptionBudgets.ToList();
        var allowed = budgets.Select(b => b.Status?.DisruptionsAllowed ?? 0).ToArray();
        var selectors = budgets.Select(b => b.Spec?.Selector is { } s && (s.MatchLabels is { Count: > 0 } || s.MatchExpressions is { Count: > 0 }) ? LabelMatcher.From(s) : null).ToArray();
        var violating = new List<PodInfo>();
        var nonViolating = new List<PodInfo>();
        foreach (var pod in pods)
        {
            var violates = false;
            for (var i = 0; i < budgets.Count; i++)
            {
                if (budgets[i].Namespace() != pod.Namespace || selectors[i] is not { } selector || !selector.Matches(pod.Labels))
                {
                    continue;
                }

                if (budgets[i].Status?.DisruptedPods?.ContainsKey(pod.Name) == true)
                {
                    continue;
                }

                allowed[i]--;
                if (allowed[i] < 0)
                {
                    violates = true;
                }
            }

            (violates ? violating : nonViolating).Add(pod);
        }

        return (violating, nonViolating);
    }

    /// <summary>
    /// Upstream's order: fewest PDB violations; lowest highest-victim priority; lowest sum of victim
    /// priorities; fewest victims; latest start among the highest-priority victims; then the first.
    /// </summary>
    internal static Candidate PickOneNode(IReadOnlyList<Candidate> candidates)
    {
        IEnumerable<Candidate> remaining = candidates;
        remaining = KeepMin(remaining, c => c.PdbViolations);
        remaining = KeepMin(remaining, c => c.Victims.Count == 0 ? int.MinValue : c.Victims[0].Priority);
        remaining = KeepMin(remaining, c => c.Victims.Sum(v => (long)v.Priority + int.MaxValue + 1));
        remaining = KeepMin(remaining, c => c.Victims.Count);
        remaining = KeepMin(remaining, c => -EarliestStartOfMostImportant(c).Ticks);
        return remaining.First();
    }

    private static DateTime EarliestStartOfMostImportant(Candidate c)
    {
        if (c.Victims.Count == 0)
        {
            return DateTime.MinValue;
        }

        var top = c.Victims[0].Priority;
        return c.Victims.Where(v => v.Priority == top).Min(v => v.StartTime);
    }

    private static List<Candidate> KeepMin(IEnumerable<Candidate> candidates, Func<Candidate, long> key)
    {
        var list = candidates.ToList();
        var min = list.Min(key);
        return list.Where(c => key(c) == min).ToList();
    }
}
