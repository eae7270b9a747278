using System.Globalization;
using Dotkube.Controllers.Job;
using k8s.Models;
using static Dotkube.Controllers.Tests.Job.JobFixtures;

namespace Dotkube.Controllers.Tests.Job;

/// <summary>backoffLimitPerIndex, maxFailedIndexes, FailIndex and successPolicy of Indexed Jobs (on by default in 1.32).</summary>
public class IndexedJobPolicyTests
{
    private static V1Job PerIndexJob(int completions, int limit, int? maxFailed = null, V1PodFailurePolicy? policy = null)
    {
        var job = NewJob(completions, completions, backoffLimit: int.MaxValue, indexed: true, policy: policy,
            status: new V1JobStatus { StartTime = T0.UtcDateTime });
        job.Spec.BackoffLimitPerIndex = limit;
        job.Spec.MaxFailedIndexes = maxFailed;
        return job;
    }

    /// <summary>A pod of <paramref name="index"/> with <paramref name="failuresBefore"/> failures of its index behind it.</summary>
    private static V1Pod IndexPod(string name, int index, string phase, int failuresBefore = 0, int exitCode = 1, int finishedSecond = 0)
    {
        var pod = Pod(name, phase, index: index, exitCode: exitCode, finishedSecond: finishedSecond);
        pod.Metadata.Annotations[JobNames.IndexFailureCount] = failuresBefore.ToString(CultureInfo.InvariantCulture);
        return pod;
    }

    private static V1JobCondition? Condition(JobPlan plan, string type) => plan.Status.Conditions?.FirstOrDefault(c => c.Type == type);

    [Fact]
    public void A_failure_within_the_limit_keeps_the_pods_finalizer_until_its_replacement_carries_the_count()
    {
        var job = PerIndexJob(completions: 1, limit: 2);
        var failed = IndexPod("a", 0, "Failed", failuresBefore: 0, finishedSecond: 100);

        var waiting = JobPlanner.Plan(job, [failed], T0.AddSeconds(104), manage: true);
        Assert.Empty(waiting.Create);
        Assert.Equal(TimeSpan.FromSeconds(6), waiting.RequeueAfter);
        Assert.Empty(waiting.RemoveFinalizers);
        Assert.Null(waiting.NewUncounted);

        var replacing = JobPlanner.Plan(job, [failed], T0.AddSeconds(110), manage: true);
        Assert.Equal([0], replacing.Create);
        Assert.Equal((1, 0), replacing.IndexFailureCounts[0]);
        Assert.Equal("", replacing.Status.FailedIndexes);

        // Once the replacement runs, the failed pod is counted and let go.
        var counted = JobPlanner.Plan(job, [failed, IndexPod("b", 0, "Running", failuresBefore: 1)], T0.AddSeconds(111), manage: true);
        Assert.Equal(["uid-a"], counted.NewUncounted!.Failed);
        Assert.Equal(["a"], counted.RemoveFinalizers.Select(p => p.Metadata.Name));
    }

    [Theory]
    [InlineData("the index's failures reached the limit", 1, 1, "Count", true)]
    [InlineData("the index has failures left", 1, 0, "Count", false)]
    [InlineData("a FailIndex rule matched the exit code", 5, 0, "FailIndex", true)]
    public void A_failed_pod_fails_its_index_when(string because, int limit, int failuresBefore, string action, bool indexFails)
    {
        var job = PerIndexJob(completions: 2, limit: limit, policy: new V1PodFailurePolicy
        {
            Rules = [new V1PodFailurePolicyRule { Action = action, OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [42] } }],
        });
        var pods = new List<V1Pod> { IndexPod("a", 0, "Failed", failuresBefore, exitCode: 42), IndexPod("b", 1, "Running") };

        var plan = JobPlanner.Plan(job, pods, T0.AddMinutes(10), manage: true);

        Assert.True((indexFails ? "0" : "") == plan.Status.FailedIndexes, because);
        Assert.Equal(indexFails ? [] : [0], plan.Create);
        Assert.Null(Condition(plan, "FailureTarget"));
    }

    [Theory]
    [InlineData("every index ended and one of them failed", null, "FailedIndexes", "Job has failed indexes")]
    [InlineData("more indexes failed than maxFailedIndexes", 0, "MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes")]
    public void The_job_fails_by_its_indexes_when(string because, int? maxFailed, string reason, string message)
    {
        var job = PerIndexJob(completions: 2, limit: 0, maxFailed: maxFailed);
        var pods = new List<V1Pod> { IndexPod("a", 0, "Failed"), IndexPod("b", 1, "Succeeded") };

        var plan = JobPlanner.Plan(job, pods, T0.AddMinutes(10), manage: true);

        var target = Condition(plan, "FailureTarget");
        Assert.True(target is not null, because);
        Assert.Equal((reason, message), (target.Reason, target.Message));
        Assert.Equal((reason, message), (Condition(plan, "Failed")!.Reason, Condition(plan, "Failed")!.Message));
        Assert.Equal("0", plan.Status.FailedIndexes);
    }

    [Fact]
    public void Without_backoffLimitPerIndex_failedIndexes_is_not_written_and_pods_carry_no_count()
    {
        var job = NewJob(2, 2, indexed: true, status: new V1JobStatus { StartTime = T0.UtcDateTime });
        var plan = JobPlanner.Plan(job, [], T0, manage: true);
        Assert.Null(plan.Status.FailedIndexes);
        Assert.Empty(plan.IndexFailureCounts);
        Assert.DoesNotContain(JobNames.IndexFailureCount, JobPodTemplate.For(job, 0).Metadata.Annotations.Keys);
        Assert.Equal("2", JobPodTemplate.For(job, 0, (2, 0)).Metadata.Annotations[JobNames.IndexFailureCount]);
    }

    public static TheoryData<string, string?, int?, int[], string?> Rules => new()
    {
        { "every listed index succeeded", "0-2", null, [0, 1, 2, 5], "Matched rules at index 0" },
        { "a listed index is missing", "0-2", null, [0, 2, 5], null },
        { "enough of the listed indexes succeeded", "0-4", 2, [1, 3], "Matched rules at index 0" },
        { "too few of the listed indexes succeeded", "0-4", 3, [1, 3, 7], null },
        { "enough indexes succeeded in all", null, 2, [6, 7], "Matched rules at index 0" },
        { "an unparseable rule never holds", "x", null, [0], null },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_success_policy_rule_holds_when(string because, string? indexes, int? count, int[] succeeded, string? message)
    {
        var policy = new V1SuccessPolicy { Rules = [new V1SuccessPolicyRule { SucceededIndexes = indexes, SucceededCount = count }] };
        Assert.True(message == SuccessPolicyMatcher.Match(policy, 10, succeeded.ToHashSet()), because);
    }

    [Fact]
    public void A_met_success_policy_stops_the_other_indexes_and_completes_once_they_are_gone()
    {
        var job = NewJob(3, 3, indexed: true, status: new V1JobStatus { StartTime = T0.UtcDateTime, CompletedIndexes = "0", Succeeded = 1 });
        job.Spec.SuccessPolicy = new V1SuccessPolicy { Rules = [new V1SuccessPolicyRule { SucceededIndexes = "0" }] };

        var stopping = JobPlanner.Plan(job, [Pod("b", "Running", index: 1)], T0, manage: true);
        var met = Condition(stopping, "SuccessCriteriaMet")!;
        Assert.Equal(("SuccessPolicy", "Matched rules at index 0"), (met.Reason, met.Message));
        Assert.Equal(["b"], stopping.Delete.Select(p => p.Metadata.Name));
        Assert.Empty(stopping.Create);
        Assert.Null(Condition(stopping, "Complete"));

        job.Status = stopping.Status;
        var done = JobPlanner.Plan(job, [], T0.AddSeconds(5), manage: true);
        var complete = Condition(done, "Complete")!;
        Assert.Equal(("SuccessPolicy", "Matched rules at index 0"), (complete.Reason, complete.Message));
        Assert.Null(done.Status.Failed);
    }
}
