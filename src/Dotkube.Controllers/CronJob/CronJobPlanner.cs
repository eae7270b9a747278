using System.Globalization;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.Job;
using Dotkube.Machinery.Time;
using k8s.Models;

namespace Dotkube.Controllers.CronJob;

/// <summary>
/// Decides one sync of a CronJob (upstream's cronjob controller v2 syncCronJob) from the CronJob,
/// the Jobs it controls and the time, without doing any of it: the active list follows the Jobs
/// (finished ones leave it, lost ones too), finished Jobs beyond the history limits go, and the
/// most recent missed schedule time — within startingDeadlineSeconds — gets a Job named
/// NAME-&lt;minutes since the epoch&gt;, unless the concurrency policy forbids it.
/// </summary>
public static class CronJobPlanner
{
    /// <summary>Upstream's limit before it warns that the schedule was missed too often.</summary>
    public const int TooManyMissed = 100;

    /// <summary>Waking up this late after the schedule time makes sure the time has passed (upstream adds 100ms too).</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(100);

    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    /// <param name="jobs">the Jobs this CronJob controls (with any active ones the cache missed but the server has).</param>
    /// <param name="localZone">the zone of schedules without a timeZone (the controller manager's local zone).</param>
    public static CronJobPlan Plan(V1CronJob cj, IReadOnlyList<V1Job> jobs, DateTimeOffset now, TimeZoneInfo localZone)
    {
        var status = cj.Status is { } current ? ObjectCopy.Of(current) : new V1CronJobStatus();
        var active = status.Active?.ToList() ?? [];
        var events = new List<JobEvent>();
        var delete = new List<V1Job>();

        foreach (var job in jobs)
        {
            var finished = FinishedCondition(job);
            var listed = active.Any(r => r.Uid == job.Metadata.Uid);
            if (!listed && finished is null)
            {
                events.Add(new JobEvent("Warning", "UnexpectedJob", $"Saw a job that the controller did not create or forgot: {job.Metadata.Name}"));
                active.Add(Reference(job));
            }
            else if (listed && finished is not null)
            {
                active.RemoveAll(r => r.Uid == job.Metadata.Uid);
                events.Add(new JobEvent("Normal", "SawCompletedJob", $"Saw completed job: {job.Metadata.Name}, condition: {finished}"));
            }
            if (finished == "Complete" && job.Status?.CompletionTime is { } done && (status.LastSuccessfulTime is not { } last || done > last))
            {
                status.LastSuccessfulTime = done;
            }
        }
        foreach (var gone in active.Where(r => jobs.All(j => j.Metadata.Uid != r.Uid)).ToList())
        {
            events.Add(new JobEvent("Normal", "MissingJob", $"Active job went missing: {gone.Name}"));
            active.Remove(gone);
        }
        status.Active = active.Count > 0 ? active : null;

        delete.AddRange(BeyondHistory(jobs, "Complete", cj.Spec.SuccessfulJobsHistoryLimit));
        delete.AddRange(BeyondHistory(jobs, "Failed", cj.Spec.FailedJobsHistoryLimit));
        foreach (var job in delete)
        {
            events.Add(new JobEvent("Normal", "SuccessfulDelete", $"Deleted job {job.Metadata.Name}"));
        }

        CronJobPlan Done(TimeSpan? requeue = null) => new() { Status = status, Delete = delete, Events = events, RequeueAfter = requeue };

        if (cj.Metadata.DeletionTimestamp is not null)
        {
            return Done();
        }
        var zone = localZone;
        if (cj.Spec.TimeZone is { } zoneName)
        {
            if (TimeZones.Find(zoneName) is not { } found)
            {
                events.Add(new JobEvent("Warning", "UnknownTimeZone", $"invalid timeZone: \"{zoneName}\": {TimeZones.LoadError(zoneName)}"));
                return Done();
            }
            zone = found;
        }
        if (CronSchedule.Parse(cj.Spec.Schedule ?? "", out var schedule) is { } parseError)
        {
            events.Add(new JobEvent("Warning", "UnparseableSchedule", $"unparseable schedule: \"{cj.Spec.Schedule}\" : {parseError}"));
            return Done();
        }
        if (cj.Spec.Suspend == true)
        {
            return Done();
        }

        var untilNext = UntilNext(schedule!, now, zone);
        var (scheduled, missed) = MostRecent(cj, schedule!, now, zone);
        if (scheduled is not { } at)
        {
            return Done(untilNext);
        }
        if (missed > TooManyMissed)
        {
            events.Add(new JobEvent("Warning", "TooManyMissedTimes",
                $"too many missed start times: {missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
        }
        if (cj.Spec.StartingDeadlineSeconds is { } deadline && at.AddSeconds(deadline) < now)
        {
            events.Add(new JobEvent("Warning", "MissSchedule", $"Missed scheduled time to start a job: {Rfc1123Z(at)}"));
            return Done(untilNext);
        }
        var name = JobName(cj, at);
        if (active.Any(r => r.Name == name) || (status.LastScheduleTime is { } lastScheduled && JobPods.Utc(lastScheduled) == at))
        {
            return Done(untilNext);
        }
        var policy = cj.Spec.ConcurrencyPolicy ?? "Allow";
        if (policy == "Forbid" && active.Count > 0)
        {
            events.Add(new JobEvent("Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid"));
            return Done(untilNext);
        }
        if (policy == "Replace")
        {
            foreach (var reference in active)
            {
                if (jobs.FirstOrDefault(j => j.Metadata.Uid == reference.Uid) is { } running)
                {
                    delete.Add(running);
                    events.Add(new JobEvent("Normal", "SuccessfulDelete", $"Deleted job {running.Metadata.Name}"));
                }
            }
            active.Clear();
            status.Active = null;
        }
        return new CronJobPlan
        {
            Status = status,
            Delete = delete,
            Events = events,
            Create = JobFor(cj, at, zone),
            ScheduledTime = at,
            RequeueAfter = untilNext,
        };
    }

    /// <summary>NAME-&lt;scheduled time in minutes since the epoch&gt; (upstream's getJobName).</summary>
    public static string JobName(V1CronJob cj, DateTimeOffset scheduled) =>
        $"{cj.Metadata.Name}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The Job for one scheduled time (upstream's getJobFromTemplate2).</summary>
    public static V1Job JobFor(V1CronJob cj, DateTimeOffset scheduled, TimeZoneInfo zone)
    {
        var template = cj.Spec.JobTemplate;
        var annotations = template?.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : [];
        annotations[ScheduledTimestampAnnotation] = Rfc3339(TimeZoneInfo.ConvertTime(scheduled, zone));
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobName(cj, scheduled),
                NamespaceProperty = cj.Metadata.NamespaceProperty,
                Labels = template?.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : null,
                Annotations = annotations,
                OwnerReferences = [OwnerRefs.NewControllerRef(cj.Metadata, "batch/v1", "CronJob")],
            },
            Spec = template?.Spec is { } spec ? ObjectCopy.Of(spec) : new V1JobSpec(),
        };
    }

    public static V1ObjectReference Reference(V1Job job) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Name = job.Metadata.Name,
        NamespaceProperty = job.Metadata.NamespaceProperty,
        Uid = job.Metadata.Uid,
        ResourceVersion = job.Metadata.ResourceVersion,
    };

    /// <summary>"Complete" or "Failed" when the Job has finished, else null.</summary>
    public static string? FinishedCondition(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True")?.Type;

    /// <summary>
    /// The latest schedule time after the last one used (or the creation) and at most now, and how
    /// many there were; with startingDeadlineSeconds only times within the deadline count.
    /// </summary>
    public static (DateTimeOffset? Latest, int Missed) MostRecent(V1CronJob cj, CronSchedule schedule, DateTimeOffset now, TimeZoneInfo zone)
    {
        var earliest = cj.Status?.LastScheduleTime is { } last
            ? JobPods.Utc(last)
            : JobPods.Utc(cj.Metadata.CreationTimestamp ?? now.UtcDateTime);
        if (cj.Spec.StartingDeadlineSeconds is { } deadline && now.AddSeconds(-deadline) > earliest)
        {
            earliest = now.AddSeconds(-deadline);
        }
        DateTimeOffset? latest = null;
        var missed = 0;
        // Bounded: a schedule of every second missed for a long time stops counting here.
        for (var t = schedule.Next(earliest, zone); t is { } at && at <= now && missed < 1_000_000; t = schedule.Next(at, zone))
        {
            latest = at;
            missed++;
        }
        return (latest, missed);
    }

    private static TimeSpan? UntilNext(CronSchedule schedule, DateTimeOffset now, TimeZoneInfo zone) =>
        schedule.Next(now, zone) is { } next ? next - now + Slack : null;

    /// <summary>Finished Jobs of one kind beyond the limit, oldest start first.</summary>
    private static IEnumerable<V1Job> BeyondHistory(IReadOnlyList<V1Job> jobs, string condition, int? limit)
    {
        if (limit is not { } keep)
        {
            return [];
        }
        var finished = jobs.Where(j => FinishedCondition(j) == condition)
            .OrderBy(j => j.Status?.StartTime ?? j.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(j => j.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return finished.Take(Math.Max(0, finished.Count - keep));
    }

    private static string Rfc3339(DateTimeOffset t) =>
        t.Offset == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Go's time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 -0700".</summary>
    private static string Rfc1123Z(DateTimeOffset t) =>
        t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
