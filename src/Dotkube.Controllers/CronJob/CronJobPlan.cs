using Dotkube.Controllers.Job;
using k8s.Models;

namespace Dotkube.Controllers.CronJob;

/// <summary>What one sync of a CronJob does, decided by <see cref="CronJobPlanner"/>.</summary>
public sealed class CronJobPlan
{
    /// <summary>Jobs to delete in the background (history beyond the limits, or active ones a Replace supersedes).</summary>
    public IReadOnlyList<V1Job> Delete { get; init; } = [];

    /// <summary>The Job to create for <see cref="ScheduledTime"/>, if one is due.</summary>
    public V1Job? Create { get; init; }

    public DateTimeOffset? ScheduledTime { get; init; }

    /// <summary>The status before the creation (which adds the new Job to active and sets lastScheduleTime).</summary>
    public required V1CronJobStatus Status { get; init; }

    public IReadOnlyList<JobEvent> Events { get; init; } = [];

    public TimeSpan? RequeueAfter { get; init; }
}
