using System.Globalization;
using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>Facts about one Job's pods (upstream's job_controller helpers).</summary>
public static class JobPods
{
    public static bool HasTrackingFinalizer(V1Pod pod) =>
        pod.Metadata.Finalizers?.Contains(JobNames.TrackingFinalizer) == true;

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Running or about to: not finished and not being deleted.</summary>
    public static bool IsActive(V1Pod pod) => !IsTerminal(pod) && pod.Metadata.DeletionTimestamp is null;

    /// <summary>Being deleted but not finished yet (status.terminating).</summary>
    public static bool IsTerminating(V1Pod pod) => !IsTerminal(pod) && pod.Metadata.DeletionTimestamp is not null;

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>
    /// Whether the pod counts as failed: phase Failed, or — unless only failed pods are replaced —
    /// deleted before it succeeded (an orphaned pod may never reach the Failed phase).
    /// </summary>
    public static bool IsFailed(V1Pod pod, V1Job job)
    {
        if (pod.Status?.Phase == "Failed")
        {
            return true;
        }
        if (OnlyReplaceFailedPods(job))
        {
            return false;
        }
        return pod.Metadata.DeletionTimestamp is not null && pod.Status?.Phase != "Succeeded";
    }

    /// <summary>podReplacementPolicy Failed (the default with a podFailurePolicy): terminating pods are not replaced yet.</summary>
    public static bool OnlyReplaceFailedPods(V1Job job) =>
        (job.Spec.PodReplacementPolicy ?? (job.Spec.PodFailurePolicy is null ? "TerminatingOrFailed" : "Failed")) == "Failed";

    /// <summary>The pod's completion index (annotation, then label); null when absent or not a number.</summary>
    public static int? Index(V1Pod pod)
    {
        string? text = null;
        if (pod.Metadata.Annotations?.TryGetValue(JobNames.CompletionIndex, out var a) == true)
        {
            text = a;
        }
        else if (pod.Metadata.Labels?.TryGetValue(JobNames.CompletionIndex, out var l) == true)
        {
            text = l;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    /// <summary>When the pod finished: its last container's end, else its deletion, else its latest condition change.</summary>
    public static DateTimeOffset FinishTime(V1Pod pod)
    {
        var ends = (pod.Status?.ContainerStatuses ?? [])
            .Concat(pod.Status?.InitContainerStatuses ?? [])
            .Select(s => s.State?.Terminated?.FinishedAt)
            .Where(t => t is not null)
            .Select(t => t!.Value)
            .ToList();
        if (ends.Count > 0)
        {
            return Utc(ends.Max());
        }
        if (pod.Metadata.DeletionTimestamp is { } deleted)
        {
            return Utc(deleted);
        }
        var changed = pod.Status?.Conditions?.Select(c => c.LastTransitionTime).Where(t => t is not null).Select(t => t!.Value).ToList();
        if (changed is { Count: > 0 })
        {
            return Utc(changed.Max());
        }
        return Utc(pod.Metadata.CreationTimestamp ?? DateTime.UnixEpoch);
    }

    /// <summary>Restarts of a running pod's containers (restartPolicy OnFailure counts these against backoffLimit).</summary>
    public static int Restarts(V1Pod pod) =>
        (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).Sum(s => s.RestartCount);

    public static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
