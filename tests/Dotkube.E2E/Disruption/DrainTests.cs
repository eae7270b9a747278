using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Disruption;

/// <summary>kubectl cordon, uncordon and drain against a PodDisruptionBudget (a server of its own: it cordons nodes).</summary>
public class DrainTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Drain_refuses_unmanaged_pods_without_force_and_evicts_one_at_a_time_under_a_budget()
    {
        await using var server = await DotkubeServer.StartAsync();
        // Everything starts on node1: the other nodes are cordoned while the pods are placed.
        Assert.Equal("node/node2 cordoned\n", (await server.Kubectl("cordon", "node2")).EnsureSuccess().Stdout);
        (await server.Kubectl("cordon", "node3")).EnsureSuccess();
        Assert.Equal("true/node.kubernetes.io/unschedulable:NoSchedule", (await server.Kubectl("get", "node", "node2", "-o",
            "jsonpath={.spec.unschedulable}/{.spec.taints[*].key}:{.spec.taints[*].effect}")).EnsureSuccess().Stdout);
        (await server.Kubectl(["apply", "-f", "-"], """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers: [{name: web, image: nginx}]
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: web}
            spec:
              minAvailable: 1
              selector: {matchLabels: {app: web}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: lone}
            spec:
              terminationGracePeriodSeconds: 1
              containers: [{name: lone, image: nginx}]
            """)).EnsureSuccess();
        (await server.Kubectl("rollout", "status", "deployment/web", "--timeout=30s")).EnsureSuccess();
        (await server.Kubectl("wait", "--for=condition=Ready", "pod/lone", "--timeout=30s")).EnsureSuccess();
        Assert.Equal("node1 node1 node1", (await server.Kubectl("get", "pods", "-o", "jsonpath={.items[*].spec.nodeName}")).EnsureSuccess().Stdout);
        Assert.Equal("node/node2 uncordoned\n", (await server.Kubectl("uncordon", "node2")).EnsureSuccess().Stdout);
        (await server.Kubectl("uncordon", "node3")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var allowed = (await server.Kubectl("get", "pdb", "web", "-o", "jsonpath={.status.disruptionsAllowed}")).EnsureSuccess().Stdout;
            return allowed == "1" ? null : allowed;
        }, Timeout);

        var refused = await server.Kubectl("drain", "node1", "--ignore-daemonsets", "--delete-emptydir-data");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("cannot delete Pods that declare no controller (use --force to override): default/lone", refused.Stderr, StringComparison.Ordinal);

        var drained = (await server.Kubectl(["drain", "node1", "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=60s"], stdin: null, timeout: TimeSpan.FromSeconds(90))).EnsureSuccess();
        Assert.Contains("Warning: deleting Pods that declare no controller: default/lone", drained.Stderr, StringComparison.Ordinal);
        // Two pods and a budget allowing one: the second waits (429, retried) for the first's replacement.
        Assert.Contains("(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.", drained.Stdout + drained.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("node/node1 drained\n", drained.Stdout, StringComparison.Ordinal);
        var placed = (await server.Kubectl("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}")).EnsureSuccess().Stdout.Split(' ');
        Assert.Equal(2, placed.Length);
        Assert.DoesNotContain("node1", placed);
        Assert.Contains("Ready,SchedulingDisabled", (await server.Kubectl("get", "node", "node1")).EnsureSuccess().Stdout, StringComparison.Ordinal);
    }
}
