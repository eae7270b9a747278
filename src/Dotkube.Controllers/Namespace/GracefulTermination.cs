using k8s.Models;

namespace Dotkube.Controllers.Namespace;

/// <summary>
/// How long the namespace controller expects graceful deletions to take (upstream's
/// estimateGracefulTermination): for pods, the longest terminationGracePeriodSeconds of those
/// not yet finished; nothing once that long has passed since the namespace's deletion began.
/// </summary>
public static class GracefulTermination
{
    /// <summary>Seconds to allow for finalizers on remaining items when nothing else gives an estimate.</summary>
    public const long FinalizerEstimateSeconds = 15;

    public static long EstimatePods(IEnumerable<V1Pod> pods, DateTimeOffset namespaceDeletedAt, DateTimeOffset now)
    {
        long estimate = 0;
        foreach (var pod in pods)
        {
            if (pod.Status?.Phase is "Succeeded" or "Failed")
            {
                continue;
            }
            if (pod.Spec?.TerminationGracePeriodSeconds is { } grace && grace > estimate)
            {
                estimate = grace;
            }
        }
        return now - namespaceDeletedAt >= TimeSpan.FromSeconds(estimate) ? 0 : estimate;
    }

    /// <summary>Upstream's wait before looking again while content remains: half the estimate, plus one second.</summary>
    public static TimeSpan RequeueDelay(long estimateSeconds) => TimeSpan.FromSeconds((estimateSeconds / 2) + 1);
}
