using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>The replicationcontroller controller of a default server, driven by kubectl 1.32.</summary>
[Collection(SharedServerCollection.Name)]
public class ReplicationControllerTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_replication_controller_adopts_an_orphan_scales_and_cascades_its_deletion()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "rc-web");
        // A bare pod with the labels comes first: the controller adopts it instead of creating a third.
        await ns.CreateAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: stray, labels: {app: web}}
            spec: {terminationGracePeriodSeconds: 1, containers: [{name: web, image: nginx}]}
            """);
        await ns.CreateAsync("""
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: web}
            spec:
              replicas: 3
              template:
                metadata: {labels: {app: web}}
                spec: {terminationGracePeriodSeconds: 1, containers: [{name: web, image: nginx}]}
            """);
        await Eventually.HoldsAsync(async () =>
            await ns.JsonPathAsync("rc/web", "{.status.readyReplicas}/{.status.availableReplicas}/{.status.fullyLabeledReplicas}") is var s && s == "3/3/3" ? null : s, Timeout);
        Assert.Equal("ReplicationController/web/true/true",
            await ns.JsonPathAsync("pod/stray", "{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/{.metadata.ownerReferences[0].controller}/{.metadata.ownerReferences[0].blockOwnerDeletion}"));
        var owners = (await ns.Run("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.metadata.ownerReferences[0].apiVersion}/{.metadata.ownerReferences[0].kind}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        Assert.Equal(["v1/ReplicationController", "v1/ReplicationController", "v1/ReplicationController"], owners.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(await ns.JsonPathAsync("rc/web", "{.metadata.generation}"), await ns.JsonPathAsync("rc/web", "{.status.observedGeneration}"));

        var table = (await ns.Run("get", "rc")).EnsureSuccess().Stdout.Split('\n');
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$", table[0]);
        Assert.Matches(@"^web\s+3\s+3\s+3\s+\d+s$", table[1]);
        var created = (await ns.Run("get", "events", "--field-selector", "reason=SuccessfulCreate", "-o",
            "jsonpath={range .items[*]}{.involvedObject.kind}/{.source.component}/{.message}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        var lines = created.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("ReplicationController/replication-controller/Created pod: web-", l, StringComparison.Ordinal));

        var describe = (await ns.Run("describe", "rc", "web")).EnsureSuccess().Stdout;
        Assert.Matches(@"Selector:\s+app=web", describe);
        Assert.Matches(@"Replicas:\s+3 current / 3 desired", describe);
        Assert.Matches(@"Pods Status:\s+3 Running / 0 Waiting / 0 Succeeded / 0 Failed", describe);
        Assert.Matches(@"Normal\s+SuccessfulCreate\s+\S+\s+replication-controller\s+Created pod: web-", describe);

        (await ns.Run("scale", "rc", "web", "--replicas=1")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
            await ns.JsonPathAsync("rc/web", "{.status.replicas}/{.status.readyReplicas}") is var s && s == "1/1" ? null : s, Timeout);
        var deleted = (await ns.Run("get", "events", "--field-selector", "reason=SuccessfulDelete", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Equal(2, deleted.Split("Deleted pod: ").Length - 1);

        // A pod relabelled out of the selector is released and replaced.
        var live = (await ns.Run("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{\"\\n\"}{end}")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.EndsWith(' ')).Select(l => l.Trim()).Single();
        (await ns.Run("label", "pod", live, "app=other", "--overwrite")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var released = await ns.JsonPathAsync("pod/" + live, "{.metadata.ownerReferences}");
            var replacement = (await ns.Run("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{\"\\n\"}{end}")).EnsureSuccess().Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(' '));
            var ready = await ns.JsonPathAsync("rc/web", "{.status.readyReplicas}");
            return released == "" && replacement == 1 && ready == "1" ? null : $"owners {released}, {replacement} pods, ready {ready}";
        }, Timeout);

        (await ns.Run("delete", "rc", "web", "--wait=true", "--timeout=30s")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var left = (await ns.Run("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")).EnsureSuccess().Stdout;
            return left == "" ? null : left;
        }, Timeout);
        Assert.Equal(live, (await ns.Run("get", "pods", "-l", "app=other", "-o", "jsonpath={.items[*].metadata.name}")).EnsureSuccess().Stdout);
    }

    [Fact]
    public async Task A_budget_counts_a_replication_controllers_pods_and_drain_evicts_them()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "rc-pdb");
        await ns.CreateAsync("""
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: api}
            spec:
              replicas: 2
              selector: {app: api}
              template:
                metadata: {labels: {app: api}}
                spec: {containers: [{name: api, image: nginx}]}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: api}
            spec:
              maxUnavailable: 1
              selector: {matchLabels: {app: api}}
            """);
        // maxUnavailable needs the controller's scale: expectedPods comes from the RC's spec.replicas.
        await Eventually.HoldsAsync(async () =>
            await ns.JsonPathAsync("pdb/api", "{.status.expectedPods}/{.status.currentHealthy}/{.status.disruptionsAllowed}") is var s && s == "2/2/1" ? null : s, Timeout);

        // kubectl drain refuses pods without a controller; an RC is one. Server-side dry run leaves the shared nodes alone.
        var node = (await ns.Run("get", "pods", "-l", "app=api", "-o", "jsonpath={.items[0].spec.nodeName}")).EnsureSuccess().Stdout;
        var drained = (await ns.Run("drain", node, "--pod-selector=app=api", "--dry-run=server", "--ignore-daemonsets", "--timeout=30s")).EnsureSuccess();
        Assert.DoesNotContain("declare no controller", drained.Stderr, StringComparison.Ordinal);
        Assert.Matches($@"evicting pod {ns.Name}/api-\w+ \(server dry run\)", drained.Stdout + drained.Stderr);
        Assert.Contains($"node/{node} drained (server dry run)", drained.Stdout, StringComparison.Ordinal);
    }
}
