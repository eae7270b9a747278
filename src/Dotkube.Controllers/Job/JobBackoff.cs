using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>
/// The delay before a Job replaces failed pods (upstream's pod failure backoff): 10s·2^(n−1) after
/// the last of n failures since the last success, at most 6 minutes. Computed from the pods the Job
/// still has, so a restarted controller waits just as long.
/// </summary>
public static class JobBackoff
{
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(6);

    public static TimeSpan Delay(int failuresSinceSuccess)
    {
        if (failuresSinceSuccess <= 0)
        {
            return TimeSpan.Zero;
        }
        var exponent = Math.Min(failuresSinceSuccess - 1, 10);
        var delay = Base * (1 << exponent);
        return delay > Max ? Max : delay;
    }

    /// <summary>How long until new pods may be created; zero when they may be now.</summary>
    public static TimeSpan Remaining(IEnumerable<V1Pod> succeeded, IEnumerable<V1Pod> failed, DateTimeOffset now)
    {
        var lastSuccess = succeeded.Select(JobPods.FinishTime).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var failures = failed.Select(JobPods.FinishTime).Where(t => t > lastSuccess).ToList();
        if (failures.Count == 0)
        {
            return TimeSpan.Zero;
        }
        var remaining = failures.Max() + Delay(failures.Count) - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
