using Dotkube.Controllers.Job;
using k8s.Models;
using static Dotkube.Controllers.Tests.Job.JobFixtures;

namespace Dotkube.Controllers.Tests.Job;

public class JobPlannerTests
{
    private static V1JobCondition? Condition(JobPlan plan, string type) => plan.Status.Conditions?.FirstOrDefault(c => c.Type == type);

    [Theory]
    [InlineData(3, 2, 0, 2)] // a new job starts parallelism pods
    [InlineData(3, 5, 0, 3)] // never more than completions
    [InlineData(3, 2, 2, 1)] // two done: one more is needed
    [InlineData(null, 2, 0, 2)] // a work queue starts parallelism pods
    public void A_new_sync_creates_the_pods_still_wanted(int? completions, int parallelism, int succeeded, int expected)
    {
        var job = NewJob(completions, parallelism, status: new V1JobStatus { Succeeded = succeeded });
        var plan = JobPlanner.Plan(job, [], T0, manage: true);
        Assert.Equal(expected, plan.Create.Count);
        Assert.Equal(expected, plan.Status.Active);
        Assert.NotNull(plan.Status.StartTime);
    }

    [Fact]
    public void Nothing_is_created_or_deleted_while_expectations_are_pending()
    {
        var plan = JobPlanner.Plan(NewJob(3, 2), [], T0, manage: false);
        Assert.Empty(plan.Create);
    }

    [Fact]
    public void A_succeeded_pod_is_recorded_as_uncounted_then_counted_once_its_finalizer_goes()
    {
        var job = NewJob(2, 2);
        var plan = JobPlanner.Plan(job, [Pod("a", "Succeeded"), Pod("b", ready: true)], T0, manage: true);
        Assert.Equal(["uid-a"], plan.NewUncounted!.Succeeded);
        Assert.Equal(["a"], plan.RemoveFinalizers.Select(p => p.Metadata.Name));
        Assert.Equal(1, plan.Status.Succeeded);
        Assert.Equal(1, plan.Status.Active);
        Assert.Equal(1, plan.Status.Ready);
        Assert.Empty(plan.Status.UncountedTerminatedPods.Succeeded ?? []);
        Assert.Empty(plan.Create);
    }

    [Fact]
    public void A_pod_already_counted_is_not_counted_again()
    {
        var job = NewJob(2, 2, status: new V1JobStatus { Succeeded = 1, StartTime = T0.UtcDateTime });
        var plan = JobPlanner.Plan(job, [Pod("a", "Succeeded", finalizer: false), Pod("b")], T0, manage: true);
        Assert.Null(plan.NewUncounted);
        Assert.Equal(1, plan.Status.Succeeded);
    }

    [Fact]
    public void Reaching_completions_with_nothing_running_writes_SuccessCriteriaMet_and_Complete()
    {
        var job = NewJob(1, 1, status: new V1JobStatus { StartTime = T0.UtcDateTime });
        var plan = JobPlanner.Plan(job, [Pod("a", "Succeeded")], T0.AddSeconds(5), manage: true);
        Assert.Equal("CompletionsReached", Condition(plan, "SuccessCriteriaMet")!.Reason);
        Assert.Equal("Reached expected number of succeeded pods", Condition(plan, "Complete")!.Message);
        Assert.Equal(T0.AddSeconds(5).UtcDateTime, plan.Status.CompletionTime);
        Assert.Contains(plan.Events, e => e.Reason == "Completed" && e.Message == "Job completed");
    }

    [Theory]
    [InlineData(1, 1, false)] // one failure is within backoffLimit 1
    [InlineData(1, 2, true)] // the second failure exceeds it
    [InlineData(0, 1, true)] // backoffLimit 0 fails on the first failure
    public void Failures_beyond_backoffLimit_fail_the_job(int backoffLimit, int failures, bool fails)
    {
        var job = NewJob(1, 1, backoffLimit: backoffLimit, status: new V1JobStatus { StartTime = T0.UtcDateTime });
        var pods = Enumerable.Range(0, failures).Select(i => Pod("f" + i, "Failed", exitCode: 1)).ToList();
        var plan = JobPlanner.Plan(job, pods, T0.AddMinutes(10), manage: true);
        Assert.Equal(failures, plan.Status.Failed);
        Assert.Equal(fails, Condition(plan, "FailureTarget") is not null);
        Assert.Equal(fails, Condition(plan, "Failed")?.Reason == "BackoffLimitExceeded");
        Assert.Equal(fails ? 0 : 1, plan.Create.Count);
    }

    [Fact]
    public void A_failing_job_stops_its_running_pods_and_turns_Failed_only_when_they_are_gone()
    {
        var job = NewJob(2, 2, backoffLimit: 0, status: new V1JobStatus { StartTime = T0.UtcDateTime });
        var plan = JobPlanner.Plan(job, [Pod("f", "Failed", exitCode: 1), Pod("r")], T0, manage: true);
        Assert.NotNull(Condition(plan, "FailureTarget"));
        Assert.Null(Condition(plan, "Failed"));
        Assert.Equal(["r"], plan.Delete.Select(p => p.Metadata.Name));
        Assert.True(plan.KeepFinalizers);
        Assert.Equal(1, plan.Status.Terminating);

        var later = NewJob(2, 2, backoffLimit: 0, status: plan.Status);
        var next = JobPlanner.Plan(later, [Pod("r", "Failed", exitCode: 137, deleting: true)], T0.AddSeconds(2), manage: true);
        Assert.Equal("Job has reached the specified backoff limit", Condition(next, "Failed")!.Message);
        Assert.Equal(2, next.Status.Failed);
        Assert.Contains(next.Events, e => e is { Type: "Warning", Reason: "BackoffLimitExceeded" });
    }

    [Theory]
    [InlineData(1, 3, 7)] // one failure 3s ago: 10s backoff, 7s left
    [InlineData(2, 25, 0)] // two failures: 20s backoff, over
    [InlineData(2, 5, 15)] // two failures 5s ago: 15s left
    public void Replacements_wait_out_the_exponential_backoff(int failures, int secondsSince, int secondsLeft)
    {
        var job = NewJob(1, 1, backoffLimit: 6, status: new V1JobStatus { StartTime = T0.UtcDateTime });
        var pods = Enumerable.Range(0, failures).Select(i => Pod("f" + i, "Failed", exitCode: 1, finishedSecond: 100)).ToList();
        var plan = JobPlanner.Plan(job, pods, T0.AddSeconds(100 + secondsSince), manage: true);
        Assert.Equal(secondsLeft == 0 ? 1 : 0, plan.Create.Count);
        Assert.Equal(secondsLeft == 0 ? null : TimeSpan.FromSeconds(secondsLeft), plan.RequeueAfter);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(6, 320)]
    [InlineData(7, 360)] // capped at 6 minutes
    [InlineData(40, 360)]
    public void The_backoff_doubles_from_ten_seconds_up_to_six_minutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), JobBackoff.Delay(failures));

    [Fact]
    public void A_success_resets_the_backoff()
    {
        var job = NewJob(3, 1, status: new V1JobStatus { StartTime = T0.UtcDateTime, Succeeded = 1, Failed = 1 });
        var pods = new[] { Pod("f", "Failed", finalizer: false, finishedSecond: 10), Pod("s", "Succeeded", finalizer: false, finishedSecond: 12) };
        var plan = JobPlanner.Plan(job, pods, T0.AddSeconds(13), manage: true);
        Assert.Single(plan.Create);
    }

    [Theory]
    [InlineData(30, false)]
    [InlineData(60, true)]
    public void A_job_running_past_activeDeadlineSeconds_fails_with_DeadlineExceeded(int secondsRunning, bool exceeded)
    {
        var job = NewJob(1, 1, deadline: 60, status: new V1JobStatus { StartTime = T0.UtcDateTime, Active = 1 });
        var plan = JobPlanner.Plan(job, [Pod("r")], T0.AddSeconds(secondsRunning), manage: true);
        Assert.Equal(exceeded, Condition(plan, "FailureTarget")?.Reason == "DeadlineExceeded");
        Assert.Equal(exceeded ? TimeSpan.Zero.Add(TimeSpan.FromSeconds(0)) : TimeSpan.FromSeconds(30), plan.RequeueAfter ?? TimeSpan.Zero);
        Assert.Equal(exceeded, plan.Delete.Count == 1);
    }

    [Fact]
    public void An_indexed_job_creates_the_lowest_missing_indexes_and_records_completed_ones()
    {
        var job = NewJob(5, 2, indexed: true, status: new V1JobStatus { StartTime = T0.UtcDateTime, CompletedIndexes = "0", Succeeded = 1 });
        var plan = JobPlanner.Plan(job, [Pod("p1", "Succeeded", index: 1), Pod("p3", index: 3)], T0, manage: true);
        Assert.Equal([2], plan.Create);
        Assert.Equal("0-1", plan.Status.CompletedIndexes);
        Assert.Equal(2, plan.Status.Succeeded);
    }

    [Fact]
    public void An_indexed_job_counts_one_success_per_index()
    {
        var job = NewJob(2, 2, indexed: true, status: new V1JobStatus { StartTime = T0.UtcDateTime, CompletedIndexes = "0", Succeeded = 1 });
        var plan = JobPlanner.Plan(job, [Pod("dup", "Succeeded", index: 0), Pod("p1", "Succeeded", index: 1)], T0, manage: true);
        Assert.Equal(["uid-p1"], plan.NewUncounted!.Succeeded);
        Assert.Equal(2, plan.RemoveFinalizers.Count);
        Assert.Equal("0-1", plan.Status.CompletedIndexes);
        Assert.NotNull(Condition(plan, "Complete"));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("0", "0")]
    [InlineData("0,1,2,5,7,8", "0-2,5,7-8")]
    [InlineData("3-4,1", "1,3-4")]
    public void Completed_indexes_are_written_as_sorted_ranges(string input, string expected) =>
        Assert.Equal(expected, CompletedIndexes.Format(CompletedIndexes.Parse(input, 100)));

    private static V1PodFailurePolicy Policy(string action, int[]? codes = null, string? condition = null) => new()
    {
        Rules = [new V1PodFailurePolicyRule
        {
            Action = action,
            OnExitCodes = codes is null ? null : new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = codes },
            OnPodConditions = condition is null ? null : [new V1PodFailurePolicyOnPodConditionsPattern { Type = condition, Status = "True" }],
        }],
    };

    [Fact]
    public void A_FailJob_rule_on_an_exit_code_fails_the_job_at_once()
    {
        var job = NewJob(1, 1, backoffLimit: 6, policy: Policy("FailJob", codes: [42]), status: new V1JobStatus { StartTime = T0.UtcDateTime });
        var plan = JobPlanner.Plan(job, [Pod("p", "Failed", exitCode: 42)], T0, manage: true);
        var failed = Condition(plan, "Failed")!;
        Assert.Equal("PodFailurePolicy", failed.Reason);
        Assert.Equal("Container main for pod default/p failed with exit code 42 matching FailJob rule at index 0", failed.Message);
    }

    [Theory]
    [InlineData("Ignore", 0)]
    [InlineData("Count", 1)]
    public void A_rule_on_the_DisruptionTarget_condition_decides_whether_the_failure_counts(string action, int counted)
    {
        var job = NewJob(1, 1, backoffLimit: 6, policy: Policy(action, condition: "DisruptionTarget"), status: new V1JobStatus { StartTime = T0.UtcDateTime });
        var plan = JobPlanner.Plan(job, [Pod("p", "Failed", exitCode: 137, condition: "DisruptionTarget")], T0.AddMinutes(1), manage: true);
        Assert.Equal(counted == 0 ? null : counted, plan.Status.Failed);
        Assert.Single(plan.RemoveFinalizers);
        Assert.Single(plan.Create);
    }

    [Fact]
    public void Suspending_deletes_running_pods_without_counting_them_and_resuming_restarts_the_clock()
    {
        var job = NewJob(2, 2, suspend: true, status: new V1JobStatus { StartTime = T0.UtcDateTime, Active = 2 });
        var plan = JobPlanner.Plan(job, [Pod("a"), Pod("b")], T0.AddSeconds(10), manage: true);
        Assert.Equal(2, plan.Delete.Count);
        Assert.False(plan.KeepFinalizers);
        Assert.Equal("JobSuspended", Condition(plan, "Suspended")!.Reason);
        Assert.Contains(plan.Events, e => e.Reason == "Suspended");

        var resumed = NewJob(2, 2, suspend: false, status: plan.Status);
        var next = JobPlanner.Plan(resumed, [], T0.AddSeconds(20), manage: true);
        Assert.Equal("False", Condition(next, "Suspended")!.Status);
        Assert.Equal(T0.AddSeconds(20).UtcDateTime, next.Status.StartTime);
        Assert.Equal(2, next.Create.Count);
    }

    [Fact]
    public void A_finished_job_only_lets_go_of_its_pods()
    {
        var status = new V1JobStatus { Succeeded = 1, Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };
        var plan = JobPlanner.Plan(NewJob(1, 1, status: status), [Pod("late", "Succeeded")], T0, manage: true);
        Assert.Single(plan.RemoveFinalizers);
        Assert.Null(plan.NewUncounted);
        Assert.Empty(plan.Create);
        Assert.Equal(1, plan.Status.Succeeded);
    }

    [Theory]
    [InlineData(2, 1, false)] // two restarts against a limit of 2: over
    [InlineData(1, 2, true)]
    public void With_restartPolicy_OnFailure_container_restarts_count_against_backoffLimit(int backoffLimit, int restarts, bool fails)
    {
        var job = NewJob(1, 1, backoffLimit: backoffLimit, restartPolicy: "OnFailure", status: new V1JobStatus { StartTime = T0.UtcDateTime });
        var pod = Pod("r");
        pod.Status.ContainerStatuses[0].RestartCount = restarts;
        var plan = JobPlanner.Plan(job, [pod], T0, manage: true);
        Assert.Equal(fails, Condition(plan, "FailureTarget") is not null);
    }
}
