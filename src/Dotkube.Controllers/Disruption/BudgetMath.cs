using Dotkube.Controllers.Common;
using Dotkube.Controllers.Deployment;
using k8s.Models;

namespace Dotkube.Controllers.Disruption;

/// <summary>The numbers of a PodDisruptionBudget's status, as upstream's disruption controller computes them.</summary>
public sealed record BudgetNumbers(int ExpectedPods, int DesiredHealthy, int CurrentHealthy, int DisruptionsAllowed,
    IReadOnlyDictionary<string, DateTime> DisruptedPods, DateTimeOffset? Recheck, IReadOnlyList<string> UnmanagedPods);

/// <summary>
/// The disruption controller's arithmetic (upstream's getExpectedPodCount, buildDisruptedPodMap,
/// countHealthyPods, updatePdbStatus): an integer minAvailable counts the matching pods; a
/// percentage, or any maxUnavailable, counts the replicas their controllers want (percentages
/// rounded up); pods being deleted, and pods the eviction API disrupted in the last two minutes,
/// are not healthy.
/// </summary>
public static class BudgetMath
{
    /// <summary>How long a pod the eviction API disrupted is expected to take to go (upstream's DeletionTimeout).</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <param name="scaleOf">the owning controller's scale, null when no supported controller is found.</param>
    /// <exception cref="InvalidOperationException">a pod's controller is not found (upstream: "found no controllers for pod").</exception>
    public static BudgetNumbers Compute(V1PodDisruptionBudget pdb, IReadOnlyList<V1Pod> pods, Func<V1Pod, V1OwnerReference, ControllerScale?> scaleOf, DateTimeOffset now)
    {
        var spec = pdb.Spec;
        int expected = 0, desired = 0;
        var unmanaged = new List<string>();
        if (spec?.MaxUnavailable is { } maxUnavailable)
        {
            expected = ExpectedScale(pods, scaleOf, unmanaged);
            desired = Math.Max(0, expected - RollingUpdateMath.Scaled(maxUnavailable, expected, roundUp: true));
        }
        else if (spec?.MinAvailable is { } minAvailable)
        {
            if (minAvailable.Value?.EndsWith('%') == true)
            {
                expected = ExpectedScale(pods, scaleOf, unmanaged);
                desired = RollingUpdateMath.Scaled(minAvailable, expected, roundUp: true);
            }
            else
            {
                desired = RollingUpdateMath.Scaled(minAvailable, 0, roundUp: true);
                expected = pods.Count;
            }
        }

        var disrupted = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        DateTimeOffset? recheck = null;
        var previous = pdb.Status?.DisruptedPods;
        foreach (var pod in pods)
        {
            if (previous is null || pod.Metadata.DeletionTimestamp is not null || !previous.TryGetValue(pod.Metadata.Name, out var maybe) || maybe is not { } at)
            {
                continue;
            }
            var expectedDeletion = Utc(at) + DeletionTimeout;
            if (expectedDeletion >= now)
            {
                disrupted[pod.Metadata.Name] = at;
                recheck = recheck is null || expectedDeletion < recheck ? expectedDeletion : recheck;
            }
        }

        var healthy = pods.Count(p => p.Metadata.DeletionTimestamp is null && !disrupted.ContainsKey(p.Metadata.Name) && PodUtil.IsReady(p));
        var allowed = expected <= 0 ? 0 : Math.Max(0, healthy - desired);
        return new BudgetNumbers(expected, desired, healthy, allowed, disrupted, recheck, unmanaged);
    }

    /// <summary>The sum of the desired replicas of the pods' controllers, each counted once.</summary>
    private static int ExpectedScale(IReadOnlyList<V1Pod> pods, Func<V1Pod, V1OwnerReference, ControllerScale?> scaleOf, List<string> unmanaged)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenRefs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var owner = OwnerRefs.ControllerOf(pod.Metadata);
            if (owner is null)
            {
                unmanaged.Add(pod.Metadata.Name);
                continue;
            }
            if (!seenRefs.Add(owner.Uid))
            {
                continue;
            }
            var scale = scaleOf(pod, owner) ?? throw new InvalidOperationException($"found no controllers for pod \"{pod.Metadata.Name}\"");
            scales[scale.Uid] = scale.Replicas;
        }
        return scales.Values.Sum();
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
