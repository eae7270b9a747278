using System.Globalization;
using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>
/// spec.backoffLimitPerIndex of an Indexed Job (upstream's JobBackoffLimitPerIndex, on by default
/// since 1.29): each pod carries its index's earlier failures in an annotation; a pod that fails
/// with as many failures behind it as the limit — or that a FailIndex rule matches — fails its
/// index, which is never retried and is listed in status.failedIndexes. The last failed pod of an
/// index keeps its tracking finalizer until its replacement exists, so the count carries over
/// even if the pod is deleted, and it alone sets that index's backoff.
/// </summary>
public static class IndexBackoff
{
    public static bool Applies(V1Job job) =>
        job.Spec.CompletionMode == JobNames.Indexed && job.Spec.BackoffLimitPerIndex is not null;

    /// <summary>Failures (counted, ignored) of the pod's index before the pod; 0 when absent or malformed.</summary>
    public static (int Failures, int Ignored) Counts(V1Pod pod) =>
        (Annotation(pod, JobNames.IndexFailureCount), Annotation(pod, JobNames.IndexIgnoredFailureCount));

    /// <summary>Whether this pod's failure fails its index (upstream's isIndexFailed).</summary>
    public static bool FailsIndex(V1Job job, V1Pod pod)
    {
        if (!JobPods.IsFailed(pod, job))
        {
            return false;
        }
        var action = PodFailurePolicyMatcher.Match(job.Spec.PodFailurePolicy, pod).Action;
        if (action == "FailIndex")
        {
            return true;
        }
        return action != "Ignore" && Counts(pod).Failures >= job.Spec.BackoffLimitPerIndex;
    }

    /// <summary>status.failedIndexes so far and the indexes pods now fail.</summary>
    public static SortedSet<int> FailedIndexes(V1Job job, IEnumerable<V1Pod> pods, int completions)
    {
        var failed = CompletedIndexes.Parse(job.Status?.FailedIndexes, completions);
        foreach (var pod in pods)
        {
            if (JobPods.Index(pod) is { } i && i < completions && FailsIndex(job, pod))
            {
                failed.Add(i);
            }
        }
        return failed;
    }

    /// <summary>
    /// Per index still to run and without an active pod, its last failed pod — the one the
    /// replacement takes its counts from, whose finalizer stays until then (upstream's
    /// getPodsWithDelayedDeletionPerIndex).
    /// </summary>
    public static Dictionary<int, V1Pod> Replaced(V1Job job, IEnumerable<V1Pod> pods, int completions,
        ISet<int> succeeded, ISet<int> failed, ISet<int> active)
    {
        var result = new Dictionary<int, V1Pod>();
        // Only pods not yet counted (still holding the finalizer) are candidates, as upstream.
        foreach (var pod in pods.Where(p => JobPods.HasTrackingFinalizer(p) && JobPods.IsFailed(p, job)))
        {
            if (JobPods.Index(pod) is not { } i || i >= completions || succeeded.Contains(i) || failed.Contains(i) || active.Contains(i))
            {
                continue;
            }
            if (!result.TryGetValue(i, out var last)
                || (Absolute(last) <= Absolute(pod) && JobPods.FinishTime(pod) >= JobPods.FinishTime(last)))
            {
                result[i] = pod;
            }
        }
        return result;
    }

    /// <summary>The counts a replacement of <paramref name="replaced"/> carries (upstream's getNewIndexFailureCounts).</summary>
    public static (int Failures, int Ignored) NewCounts(V1Job job, V1Pod? replaced)
    {
        if (replaced is null)
        {
            return (0, 0);
        }
        var (failures, ignored) = Counts(replaced);
        if (JobPods.IsFailed(replaced, job))
        {
            if (PodFailurePolicyMatcher.Match(job.Spec.PodFailurePolicy, replaced).Action == "Ignore")
            {
                ignored++;
            }
            else
            {
                failures++;
            }
        }
        return (failures, ignored);
    }

    /// <summary>How long until the index of <paramref name="lastFailed"/> may get a new pod; zero for none.</summary>
    public static TimeSpan Remaining(V1Pod? lastFailed, DateTimeOffset now)
    {
        if (lastFailed is null)
        {
            return TimeSpan.Zero;
        }
        var remaining = JobPods.FinishTime(lastFailed) + JobBackoff.Delay(Absolute(lastFailed) + 1) - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private static int Absolute(V1Pod pod) => Counts(pod) is var (f, i) ? f + i : 0;

    private static int Annotation(V1Pod pod, string name) =>
        pod.Metadata.Annotations?.TryGetValue(name, out var text) == true
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
