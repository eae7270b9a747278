using k8s.Models;

namespace Dotkube.Controllers.PodGc;

/// <summary>Which pods the pod garbage collector removes in one pass (upstream's gcTerminated, gcOrphaned, gcUnscheduledTerminating).</summary>
public static class PodGcPlanner
{
    public static bool IsTerminated(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>The finished pods above the threshold: evicted ones first, then the oldest.</summary>
    public static IReadOnlyList<V1Pod> TerminatedOverThreshold(IEnumerable<V1Pod> pods, int threshold)
    {
        if (threshold <= 0)
        {
            return [];
        }
        var terminated = pods.Where(p => IsTerminated(p) && p.Metadata.DeletionTimestamp is null).ToList();
        var excess = terminated.Count - threshold;
        if (excess <= 0)
        {
            return [];
        }
        return terminated
            .OrderBy(p => p.Status?.Reason == "Evicted" ? 0 : 1)
            .ThenBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Take(excess)
            .ToList();
    }

    /// <summary>Pods being deleted that were never bound to a node: no kubelet will ever finish them.</summary>
    public static IReadOnlyList<V1Pod> UnscheduledTerminating(IEnumerable<V1Pod> pods) =>
        pods.Where(p => p.Metadata.DeletionTimestamp is not null && string.IsNullOrEmpty(p.Spec?.NodeName)).ToList();

    /// <summary>Names of nodes pods are bound to that are not among <paramref name="nodes"/>.</summary>
    public static IReadOnlySet<string> MissingNodes(IEnumerable<V1Pod> pods, IReadOnlySet<string> nodes) =>
        pods.Select(p => p.Spec?.NodeName).OfType<string>().Where(n => n.Length > 0 && !nodes.Contains(n)).ToHashSet(StringComparer.Ordinal);
}
