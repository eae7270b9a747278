using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>The cronjob and ttl-after-finished controllers of a default server, driven by kubectl 1.32.</summary>
[Collection(SharedServerCollection.Name)]
public class CronJobTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task A_cron_job_runs_on_its_schedule_and_on_demand()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "cron");
        (await ns.Run("create", "cronjob", "tick", "--image=busybox", "--schedule=* * * * *")).EnsureSuccess();

        // kubectl's client-side --from copies the template and marks the job as made by hand.
        (await ns.Run("create", "job", "by-hand", "--from=cronjob/tick")).EnsureSuccess();
        Assert.Equal("manual/CronJob", await ns.JsonPathAsync("job/by-hand", "{.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}/{.metadata.ownerReferences[0].kind}"));
        (await ns.Run("wait", "--for=condition=complete", "job/by-hand", "--timeout=60s")).EnsureSuccess();

        // The next minute boundary starts a scheduled job named after its minute since the epoch.
        string scheduled = "";
        await Eventually.HoldsAsync(async () =>
        {
            var names = (await ns.Run("get", "jobs", "-o", "jsonpath={range .items[?(@.metadata.ownerReferences[0].controller==true)]}{.metadata.name}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
            // kubectl makes the cron job the controller of the job it creates by hand too.
            scheduled = names.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(n => n != "by-hand") ?? "";
            return scheduled.Length > 0 ? null : "no scheduled job yet";
        }, TimeSpan.FromSeconds(75));
        Assert.Matches("^tick-[0-9]{8}$", scheduled);
        var minutes = long.Parse(scheduled["tick-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var lastSchedule = await ns.JsonPathAsync("cronjob/tick", "{.status.lastScheduleTime}");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(minutes * 60).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), lastSchedule);
        (await ns.Run("wait", "--for=condition=complete", "job/" + scheduled, "--timeout=60s")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var status = await ns.JsonPathAsync("cronjob/tick", "{.status.active}|{.status.lastSuccessfulTime}");
            return status.StartsWith('|') && status.Length > 1 ? null : "status still " + status;
        }, TimeSpan.FromSeconds(30));
        var created = (await ns.Run("get", "events", "--field-selector", "involvedObject.kind=CronJob,reason=SuccessfulCreate", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Equal("Created job " + scheduled, created);
    }

    [Fact]
    public async Task A_finished_job_with_a_ttl_is_deleted_with_its_pods()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ttl");
        await ns.CreateAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: brief}
            spec:
              ttlSecondsAfterFinished: 1
              template:
                metadata:
                  annotations: {sim.dotkube.io/run-time: 500ms}
                spec:
                  restartPolicy: Never
                  containers: [{name: main, image: busybox}]
            """);
        (await ns.Run("wait", "--for=condition=complete", "job/brief", "--timeout=60s")).EnsureSuccess();
        (await ns.Run("wait", "--for=delete", "job/brief", "--timeout=30s")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var pods = (await ns.Run("get", "pods", "-o", "name")).EnsureSuccess().Stdout;
            return pods.Trim().Length == 0 ? null : "pods left: " + pods;
        }, TimeSpan.FromSeconds(30));
    }
}
