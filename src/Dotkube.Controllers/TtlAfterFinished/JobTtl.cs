using k8s.Models;

namespace Dotkube.Controllers.TtlAfterFinished;

/// <summary>When a finished Job's spec.ttlSecondsAfterFinished runs out (upstream's timeLeft).</summary>
public static class JobTtl
{
    /// <summary>
    /// The moment the Job may be deleted: the transition time of its Complete or Failed condition
    /// plus the TTL; null when it has no TTL or has not finished.
    /// </summary>
    public static DateTimeOffset? ExpiresAt(V1Job job)
    {
        if (job.Spec?.TtlSecondsAfterFinished is not { } ttl || job.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }
        var finished = job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True");
        if (finished?.LastTransitionTime is not { } at)
        {
            return null;
        }
        return new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).AddSeconds(ttl);
    }
}
