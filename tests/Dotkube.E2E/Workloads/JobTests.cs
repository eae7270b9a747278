using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>The job controller of a default server, with pods finished by simulated nodes, driven by kubectl 1.32.</summary>
[Collection(SharedServerCollection.Name)]
public class JobTests(SharedServerFixture fixture)
{
    private static string Job(string name, string spec, string annotations = "{}") => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: {{name}}}
        spec:
        {{spec}}
          template:
            metadata:
              annotations: {{annotations}}
            spec:
              restartPolicy: Never
              containers: [{name: main, image: busybox}]
        """;

    [Fact]
    public async Task A_job_with_three_completions_two_at_a_time_completes()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "job-done");
        await ns.CreateAsync(Job("pi", "  completions: 3\n  parallelism: 2", "{sim.dotkube.io/run-time: 1s}"));
        (await ns.Run("wait", "--for=condition=complete", "job/pi", "--timeout=60s")).EnsureSuccess();

        Assert.Equal("3//", await ns.JsonPathAsync("job/pi", "{.status.succeeded}/{.status.failed}/{.status.active}"));
        Assert.Equal("True/CompletionsReached", await ns.JsonPathAsync("job/pi", "{.status.conditions[?(@.type==\"SuccessCriteriaMet\")].status}/{.status.conditions[?(@.type==\"Complete\")].reason}"));
        Assert.NotEmpty(await ns.JsonPathAsync("job/pi", "{.status.completionTime}"));
        var table = (await ns.Run("get", "job/pi")).EnsureSuccess().Stdout;
        Assert.Matches(@"pi\s+Complete\s+3/3\s+\d+s\s+\d+s", table);
        var pods = (await ns.Run("get", "pods", "-l", "batch.kubernetes.io/job-name=pi", "-o", "jsonpath={range .items[*]}{.status.phase}:{.metadata.finalizers}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        // Counted pods no longer hold the job-tracking finalizer.
        Assert.Equal(["Succeeded", "Succeeded", "Succeeded"], pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]));
        Assert.DoesNotContain("job-tracking", pods, StringComparison.Ordinal);
        var events = (await ns.Run("get", "events", "-o", "jsonpath={range .items[*]}{.reason}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Equal(3, events.Split('\n').Count(l => l == "SuccessfulCreate"));
        Assert.Contains("Completed", events.Split('\n'));
    }

    [Fact]
    public async Task A_failing_job_stops_at_its_backoff_limit()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "job-fail");
        await ns.CreateAsync(Job("bad", "  backoffLimit: 1", "{sim.dotkube.io/run-time: 500ms, sim.dotkube.io/exit-code: '3'}"));
        // Two failures: the second pod starts after the 10s backoff.
        (await ns.Run("wait", "--for=condition=failed", "job/bad", "--timeout=60s")).EnsureSuccess();

        Assert.Equal("2/BackoffLimitExceeded/Job has reached the specified backoff limit",
            await ns.JsonPathAsync("job/bad", "{.status.failed}/{.status.conditions[?(@.type==\"Failed\")].reason}/{.status.conditions[?(@.type==\"Failed\")].message}"));
        Assert.Equal("True", await ns.JsonPathAsync("job/bad", "{.status.conditions[?(@.type==\"FailureTarget\")].status}"));
        Assert.Matches(@"bad\s+Failed\s+0/1", (await ns.Run("get", "job/bad")).EnsureSuccess().Stdout);
        var warning = (await ns.Run("get", "events", "--field-selector", "reason=BackoffLimitExceeded", "-o", "jsonpath={.items[*].type}")).EnsureSuccess().Stdout;
        Assert.Equal("Warning", warning);
    }

    [Fact]
    public async Task An_indexed_job_runs_each_index_once_with_its_hostname()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "job-indexed");
        await ns.CreateAsync(Job("idx", "  completions: 3\n  parallelism: 3\n  completionMode: Indexed", "{sim.dotkube.io/run-time: 1s}"));
        (await ns.Run("wait", "--for=condition=complete", "job/idx", "--timeout=60s")).EnsureSuccess();

        Assert.Equal("0-2/3", await ns.JsonPathAsync("job/idx", "{.status.completedIndexes}/{.status.succeeded}"));
        var pods = (await ns.Run("get", "pods", "-o", "jsonpath={range .items[*]}{.metadata.labels.batch\\.kubernetes\\.io/job-completion-index}={.spec.hostname}={.spec.containers[0].env[0].name}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Equal(["0=idx-0=JOB_COMPLETION_INDEX", "1=idx-1=JOB_COMPLETION_INDEX", "2=idx-2=JOB_COMPLETION_INDEX"],
            pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_job_with_a_manual_selector_adopts_a_matching_orphan_pod_and_counts_it()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "job-adopt");
        await ns.CreateAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: early
              labels: {batch: work}
              annotations: {sim.dotkube.io/run-time: 6s}
            spec:
              restartPolicy: Never
              containers: [{name: main, image: busybox}]
            """);
        // Running before the Job exists, so the controller's cache has it at the Job's first sync.
        (await ns.Run("wait", "--for=condition=Ready", "pod/early", "--timeout=30s")).EnsureSuccess();
        await ns.CreateAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: work}
            spec:
              completions: 2
              parallelism: 2
              manualSelector: true
              selector: {matchLabels: {batch: work}}
              template:
                metadata:
                  labels: {batch: work}
                  annotations: {sim.dotkube.io/run-time: 1s}
                spec:
                  restartPolicy: Never
                  containers: [{name: main, image: busybox}]
            """);
        await Eventually.HoldsAsync(async () =>
            await ns.JsonPathAsync("pod/early", "{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/{.metadata.ownerReferences[0].controller}") is var o && o == "Job/work/true" ? null : o,
            TimeSpan.FromSeconds(30));
        (await ns.Run("wait", "--for=condition=complete", "job/work", "--timeout=60s")).EnsureSuccess();

        // The adopted pod took one of the two places: only one pod was created, and both count.
        Assert.Equal("2/", await ns.JsonPathAsync("job/work", "{.status.succeeded}/{.status.failed}"));
        var created = (await ns.Run("get", "events", "--field-selector", "reason=SuccessfulCreate", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Equal(1, created.Split("Created pod: work-").Length - 1);
        // Counted: the tracking finalizer the adoption added is gone again.
        Assert.Equal("Succeeded/", await ns.JsonPathAsync("pod/early", "{.status.phase}/{.metadata.finalizers}"));
    }

    [Fact]
    public async Task An_index_that_fails_past_its_backoffLimitPerIndex_fails_the_job_with_FailedIndexes()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "job-per-index");
        await ns.CreateAsync(Job("idx", "  completions: 1\n  completionMode: Indexed\n  backoffLimitPerIndex: 1",
            "{sim.dotkube.io/run-time: 500ms, sim.dotkube.io/exit-code: '3'}"));
        // Two attempts of index 0, the second after the 10s backoff.
        (await ns.Run("wait", "--for=condition=failed", "job/idx", "--timeout=60s")).EnsureSuccess();

        Assert.Equal("0/2/FailedIndexes/Job has failed indexes",
            await ns.JsonPathAsync("job/idx", "{.status.failedIndexes}/{.status.failed}/{.status.conditions[?(@.type==\"Failed\")].reason}/{.status.conditions[?(@.type==\"Failed\")].message}"));
        Assert.Equal("FailedIndexes", await ns.JsonPathAsync("job/idx", "{.status.conditions[?(@.type==\"FailureTarget\")].reason}"));
        var counts = (await ns.Run("get", "pods", "-o", "jsonpath={range .items[*]}{.metadata.annotations.batch\\.kubernetes\\.io/job-index-failure-count}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Equal(["0", "1"], counts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_success_policy_completes_an_indexed_job_once_its_rule_holds()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "job-success-policy");
        await ns.CreateAsync(Job("lead", "  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n  successPolicy:\n    rules: [{succeededCount: 1}]",
            "{sim.dotkube.io/run-time: 1s}"));
        (await ns.Run("wait", "--for=condition=complete", "job/lead", "--timeout=60s")).EnsureSuccess();

        Assert.Equal("SuccessPolicy/Matched rules at index 0",
            await ns.JsonPathAsync("job/lead", "{.status.conditions[?(@.type==\"Complete\")].reason}/{.status.conditions[?(@.type==\"Complete\")].message}"));
        Assert.Equal("True/SuccessPolicy", await ns.JsonPathAsync("job/lead", "{.status.conditions[?(@.type==\"SuccessCriteriaMet\")].status}/{.status.conditions[?(@.type==\"SuccessCriteriaMet\")].reason}"));
    }
}
