using Dotkube.Controllers.CronJob;
using k8s.Models;

namespace Dotkube.Controllers.Tests.CronJob;

public class CronJobPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static V1CronJob Cron(string schedule = "*/5 * * * *", string policy = "Allow", long? deadline = null, bool suspend = false,
        DateTimeOffset? lastSchedule = null, string? zone = null, List<V1ObjectReference>? active = null, int successLimit = 3, int failLimit = 1) => new()
        {
            Metadata = new V1ObjectMeta { Name = "report", NamespaceProperty = "default", Uid = "cj-uid", CreationTimestamp = T0.UtcDateTime },
            Spec = new V1CronJobSpec
            {
                Schedule = schedule,
                TimeZone = zone,
                ConcurrencyPolicy = policy,
                StartingDeadlineSeconds = deadline,
                Suspend = suspend,
                SuccessfulJobsHistoryLimit = successLimit,
                FailedJobsHistoryLimit = failLimit,
                JobTemplate = new V1JobTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "report" } },
                    Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "OnFailure", Containers = [new V1Container { Name = "c", Image = "busybox" }] } } },
                },
            },
            Status = new V1CronJobStatus { LastScheduleTime = lastSchedule?.UtcDateTime, Active = active },
        };

    private static V1Job Job(string name, string? finished = null, int startMinute = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "uid-" + name },
        Status = new V1JobStatus
        {
            StartTime = T0.UtcDateTime.AddMinutes(startMinute),
            CompletionTime = finished == "Complete" ? T0.UtcDateTime.AddMinutes(startMinute + 1) : null,
            Conditions = finished is null ? null : [new V1JobCondition { Type = finished, Status = "True" }],
        },
    };

    private static V1ObjectReference Ref(string name) => new() { Name = name, Uid = "uid-" + name, Kind = "Job" };

    [Fact]
    public void A_due_schedule_creates_a_job_named_by_its_minutes_since_the_epoch()
    {
        var plan = CronJobPlanner.Plan(Cron(), [], T0.AddMinutes(7), TimeZoneInfo.Utc);
        var scheduled = T0.AddMinutes(5);
        Assert.Equal(scheduled, plan.ScheduledTime);
        Assert.Equal($"report-{scheduled.ToUnixTimeSeconds() / 60}", plan.Create!.Metadata.Name);
        Assert.Equal("2026-01-01T00:05:00Z", plan.Create.Metadata.Annotations[CronJobPlanner.ScheduledTimestampAnnotation]);
        Assert.Equal("report", plan.Create.Metadata.Labels["app"]);
        var owner = Assert.Single(plan.Create.Metadata.OwnerReferences);
        Assert.Equal(("CronJob", "cj-uid", true), (owner.Kind, owner.Uid, owner.Controller == true));
        Assert.Equal(TimeSpan.FromMinutes(3) + CronJobPlanner.Slack, plan.RequeueAfter);
    }

    [Theory]
    [InlineData(4, false)] // before the first schedule time
    [InlineData(5, true)]
    [InlineData(9, true)]
    public void Nothing_is_created_before_the_first_schedule_time(int minute, bool creates)
    {
        var plan = CronJobPlanner.Plan(Cron(), [], T0.AddMinutes(minute), TimeZoneInfo.Utc);
        Assert.Equal(creates, plan.Create is not null);
    }

    [Fact]
    public void A_schedule_time_already_used_is_not_used_again()
    {
        var plan = CronJobPlanner.Plan(Cron(lastSchedule: T0.AddMinutes(5)), [], T0.AddMinutes(7), TimeZoneInfo.Utc);
        Assert.Null(plan.Create);
        Assert.Equal(TimeSpan.FromMinutes(3) + CronJobPlanner.Slack, plan.RequeueAfter);
    }

    [Theory]
    [InlineData("Allow", true, 0)]
    [InlineData("Forbid", false, 0)]
    [InlineData("Replace", true, 1)]
    public void The_concurrency_policy_decides_about_a_running_job(string policy, bool creates, int deletes)
    {
        var cj = Cron(policy: policy, lastSchedule: T0, active: [Ref("old")]);
        var plan = CronJobPlanner.Plan(cj, [Job("old")], T0.AddMinutes(5), TimeZoneInfo.Utc);
        Assert.Equal(creates, plan.Create is not null);
        Assert.Equal(deletes, plan.Delete.Count);
        Assert.Equal(policy == "Forbid", plan.Events.Any(e => e.Reason == "JobAlreadyActive"));
        Assert.Equal(policy == "Replace" ? 0 : 1, plan.Status.Active?.Count ?? 0);
    }

    [Theory]
    [InlineData(10, 5 * 60 + 30, false)] // 30s late with a 10s deadline: missed, wait for the next
    [InlineData(60, 5 * 60 + 30, true)]
    [InlineData(null, 5 * 60 + 30, true)]
    public void A_start_later_than_startingDeadlineSeconds_is_skipped(int? deadline, int nowSeconds, bool creates)
    {
        var plan = CronJobPlanner.Plan(Cron(deadline: deadline), [], T0.AddSeconds(nowSeconds), TimeZoneInfo.Utc);
        Assert.Equal(creates, plan.Create is not null);
        Assert.Equal(TimeSpan.FromSeconds(10 * 60 - nowSeconds) + CronJobPlanner.Slack, plan.RequeueAfter);
    }

    [Fact]
    public void A_suspended_cron_job_creates_nothing()
    {
        var plan = CronJobPlanner.Plan(Cron(suspend: true), [], T0.AddMinutes(7), TimeZoneInfo.Utc);
        Assert.Null(plan.Create);
        Assert.Null(plan.RequeueAfter);
    }

    [Fact]
    public void A_finished_job_leaves_the_active_list_and_a_success_sets_lastSuccessfulTime()
    {
        var cj = Cron(lastSchedule: T0.AddMinutes(5), active: [Ref("done"), Ref("running"), Ref("lost")]);
        var plan = CronJobPlanner.Plan(cj, [Job("done", "Complete", 5), Job("running")], T0.AddMinutes(7), TimeZoneInfo.Utc);
        Assert.Equal(["running"], plan.Status.Active!.Select(r => r.Name));
        Assert.Equal(T0.UtcDateTime.AddMinutes(6), plan.Status.LastSuccessfulTime);
        Assert.Contains(plan.Events, e => e.Reason == "SawCompletedJob" && e.Message == "Saw completed job: done, condition: Complete");
        Assert.Contains(plan.Events, e => e.Reason == "MissingJob");
    }

    [Fact]
    public void Finished_jobs_beyond_the_history_limits_are_deleted_oldest_first()
    {
        var jobs = new[]
        {
            Job("s1", "Complete", 1), Job("s2", "Complete", 2), Job("s3", "Complete", 3), Job("s4", "Complete", 4),
            Job("f1", "Failed", 1), Job("f2", "Failed", 2),
        };
        var plan = CronJobPlanner.Plan(Cron(lastSchedule: T0.AddMinutes(5), successLimit: 2, failLimit: 1), jobs, T0.AddMinutes(7), TimeZoneInfo.Utc);
        Assert.Equal(["s1", "s2", "f1"], plan.Delete.Select(j => j.Metadata.Name));
    }

    [Fact]
    public void The_time_zone_decides_when_the_schedule_is_due()
    {
        // 09:00 in New York is 14:00 UTC in January.
        var cj = Cron(schedule: "0 9 * * *", zone: "America/New_York");
        Assert.Null(CronJobPlanner.Plan(cj, [], T0.AddHours(13), TimeZoneInfo.Utc).Create);
        var plan = CronJobPlanner.Plan(cj, [], T0.AddHours(14).AddMinutes(1), TimeZoneInfo.Utc);
        Assert.Equal(T0.AddHours(14), plan.ScheduledTime);
        Assert.Equal("2026-01-01T09:00:00-05:00", plan.Create!.Metadata.Annotations[CronJobPlanner.ScheduledTimestampAnnotation]);
    }

    [Fact]
    public void Too_many_missed_times_are_reported_and_the_latest_still_runs()
    {
        var plan = CronJobPlanner.Plan(Cron(schedule: "* * * * *"), [], T0.AddHours(3), TimeZoneInfo.Utc);
        Assert.Contains(plan.Events, e => e.Reason == "TooManyMissedTimes" && e.Message.StartsWith("too many missed start times: 180.", StringComparison.Ordinal));
        Assert.Equal(T0.AddHours(3), plan.ScheduledTime);
    }

    [Fact]
    public void An_unknown_time_zone_is_reported()
    {
        var plan = CronJobPlanner.Plan(Cron(zone: "Mars/Olympus"), [], T0.AddMinutes(7), TimeZoneInfo.Utc);
        Assert.Null(plan.Create);
        Assert.Contains(plan.Events, e => e.Reason == "UnknownTimeZone");
    }
}
