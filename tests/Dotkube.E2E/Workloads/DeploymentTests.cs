using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>The ReplicaSet and Deployment controllers of a default server, driven by kubectl 1.32.</summary>
[Collection(SharedServerCollection.Name)]
public class DeploymentTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task A_deployment_runs_rolls_to_a_new_image_and_scales()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "deploy-web");
        (await ns.Run("create", "deployment", "web", "--image=nginx", "--replicas=3")).EnsureSuccess();
        Assert.Contains("successfully rolled out", (await ns.Run("rollout", "status", "deployment/web", "--timeout=60s")).EnsureSuccess().Stdout, StringComparison.Ordinal);

        var nodes = (await ns.Run("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        var lines = nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Matches("^node[123] Running$", l));

        var firstHash = await ns.JsonPathAsync("deployment/web", "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}");
        Assert.Equal("1", firstHash);
        var rsNames = (await ns.Run("get", "rs", "-o", "jsonpath={.items[*].metadata.name}")).EnsureSuccess().Stdout;
        var hash = await ns.JsonPathAsync("rs/" + rsNames.Trim(), "{.metadata.labels.pod-template-hash}");
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", hash);
        Assert.Equal("web-" + hash, rsNames.Trim());

        (await ns.Run("set", "image", "deployment/web", "nginx=nginx:1.27")).EnsureSuccess();
        (await ns.Run("rollout", "status", "deployment/web", "--timeout=60s")).EnsureSuccess();
        Assert.Equal("2", await ns.JsonPathAsync("deployment/web", "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));
        var replicas = (await ns.Run("get", "rs", "-o", "jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}={.spec.replicas}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Equal(["nginx:1.27=3", "nginx=0"], replicas.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        (await ns.Run("scale", "deployment/web", "--replicas=5")).EnsureSuccess();
        (await ns.Run("rollout", "status", "deployment/web", "--timeout=60s")).EnsureSuccess();
        Assert.Equal("5/5/5", await ns.JsonPathAsync("deployment/web", "{.status.replicas}/{.status.updatedReplicas}/{.status.availableReplicas}"));
        Assert.Equal("True/NewReplicaSetAvailable", await ns.JsonPathAsync("deployment/web", "{.status.conditions[?(@.type==\"Progressing\")].status}/{.status.conditions[?(@.type==\"Progressing\")].reason}"));
        Assert.Equal("Deployment has minimum availability.", await ns.JsonPathAsync("deployment/web", "{.status.conditions[?(@.type==\"Available\")].message}"));
        var events = (await ns.Run("get", "events", "--field-selector", "reason=ScalingReplicaSet", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Contains($"Scaled up replica set web-{hash} to 3", events, StringComparison.Ordinal);
        Assert.Contains($"Scaled down replica set web-{hash} to 0 from 1", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_set_replaces_a_deleted_pod_and_records_it()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "rs-heal");
        await ns.ApplyAsync("""
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: api}
            spec:
              replicas: 2
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec: {containers: [{name: c, image: nginx}]}
            """);
        await Eventually.HoldsAsync(async () =>
            await ns.JsonPathAsync("rs/api", "{.status.readyReplicas}") == "2" ? null : "not 2 ready yet", TimeSpan.FromSeconds(30));
        var first = (await ns.Run("get", "pods", "-l", "app=api", "-o", "jsonpath={.items[0].metadata.name}")).EnsureSuccess().Stdout.Trim();
        Assert.StartsWith("api-", first, StringComparison.Ordinal);
        (await ns.Run("delete", "pod", first, "--wait=false")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var names = (await ns.Run("get", "pods", "-l", "app=api", "-o", "jsonpath={.items[*].metadata.name}")).EnsureSuccess().Stdout;
            var ready = await ns.JsonPathAsync("rs/api", "{.status.readyReplicas}");
            return !names.Contains(first, StringComparison.Ordinal) && ready == "2" ? null : $"pods {names}, ready {ready}";
        }, TimeSpan.FromSeconds(30));
        var created = (await ns.Run("get", "events", "--field-selector", "reason=SuccessfulCreate", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Equal(3, created.Split("Created pod: api-").Length - 1);

        (await ns.Run("scale", "rs/api", "--replicas=0")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
            await ns.JsonPathAsync("rs/api", "{.status.replicas}") == "0" ? null : "pods still counted", TimeSpan.FromSeconds(30));
        var deleted = (await ns.Run("get", "events", "--field-selector", "reason=SuccessfulDelete", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Equal(2, deleted.Split("Deleted pod: api-").Length - 1);
    }
}
