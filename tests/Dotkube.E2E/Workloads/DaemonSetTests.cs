using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>The DaemonSet controller, driven by kubectl 1.32 (a server of its own: the tests add, label and taint nodes).</summary>
public class DaemonSetTests
{
    private static string Agent(string image, string extraSpec = "") => $$$"""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              containers: [{name: c, image: "{{{image}}}"}]
              {{{extraSpec}}}
        """;

    private static async Task<string> PodNodes(DotkubeServer server, string label)
    {
        var lines = (await server.Kubectl("get", "pods", "-l", label, "-o", "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}")).EnsureSuccess().Stdout;
        return string.Join(" ", lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_daemon_set_runs_on_every_node_including_one_added_later_and_rolls_and_undoes()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--simulated-nodes", "2"] });
        (await server.Kubectl(["apply", "-f", "-"], Agent("agent:1.0"))).EnsureSuccess();
        Assert.Contains("daemon set \"agent\" successfully rolled out", (await server.Kubectl("rollout", "status", "ds/agent", "--timeout=60s")).EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Equal("node1 node2", await PodNodes(server, "app=agent"));
        Assert.Equal("2 2 2 2 2 0", (await server.Kubectl("get", "ds", "agent", "-o",
            "jsonpath={.status.desiredNumberScheduled} {.status.currentNumberScheduled} {.status.numberReady} {.status.numberAvailable} {.status.updatedNumberScheduled} {.status.numberMisscheduled}")).EnsureSuccess().Stdout);
        var table = (await server.Kubectl("get", "ds", "agent")).EnsureSuccess().Stdout;
        Assert.Matches(@"agent\s+2\s+2\s+2\s+2\s+2\s+<none>", table);

        // The pods carry upstream's labels, tolerations and a node affinity naming their node.
        var pod = (await server.Kubectl("get", "pods", "-l", "app=agent", "--field-selector", "spec.nodeName=node1", "-o", "name")).EnsureSuccess().Stdout.Trim();
        Assert.Equal("node1 1", (await server.Kubectl("get", pod, "-o",
            "jsonpath={.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]} {.metadata.labels.pod-template-generation}")).EnsureSuccess().Stdout);
        var tolerations = (await server.Kubectl("get", pod, "-o", "jsonpath={range .spec.tolerations[*]}{.key}:{.effect} {end}")).EnsureSuccess().Stdout;
        Assert.Contains("node.kubernetes.io/not-ready:NoExecute", tolerations, StringComparison.Ordinal);
        Assert.Contains("node.kubernetes.io/unschedulable:NoSchedule", tolerations, StringComparison.Ordinal);
        var hash = (await server.Kubectl("get", pod, "-o", "jsonpath={.metadata.labels.controller-revision-hash}")).EnsureSuccess().Stdout;
        Assert.Equal("1", (await server.Kubectl("get", "controllerrevision", $"agent-{hash}", "-o", "jsonpath={.revision}")).EnsureSuccess().Stdout);

        // A node registered later (with room for pods, but no kubelet) gets a pod bound to it.
        (await server.Kubectl(["create", "-f", "-"], """
            apiVersion: v1
            kind: Node
            metadata:
              name: extra
              labels: {kubernetes.io/hostname: extra}
            status:
              capacity: {cpu: "2", memory: 4Gi, pods: "10"}
              allocatable: {cpu: "2", memory: 4Gi, pods: "10"}
            """)).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var nodes = await PodNodes(server, "app=agent");
            return nodes == "extra node1 node2" ? null : nodes;
        }, TimeSpan.FromSeconds(30));

        // A NoExecute taint the pods do not tolerate evicts the pod there (it stays Terminating: no kubelet confirms it).
        (await server.Kubectl("taint", "node", "extra", "dedicated=db:NoExecute")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var pods = (await server.Kubectl("get", "pods", "-l", "app=agent", "-o", "jsonpath={range .items[*]}{.spec.nodeName}={.metadata.deletionTimestamp} {end}")).EnsureSuccess().Stdout;
            var desired = (await server.Kubectl("get", "ds", "agent", "-o", "jsonpath={.status.desiredNumberScheduled}")).EnsureSuccess().Stdout;
            return desired == "2" && !pods.Contains("extra= ", StringComparison.Ordinal) ? null : $"{pods} desired {desired}";
        }, TimeSpan.FromSeconds(30));
        (await server.Kubectl("delete", "node", "extra")).EnsureSuccess();
        (await server.Kubectl("delete", "pods", "-l", "app=agent", "--field-selector", "spec.nodeName=extra", "--force", "--grace-period=0")).EnsureSuccess();

        // Rolling update one node at a time, then history and undo.
        (await server.Kubectl("set", "image", "ds/agent", "c=agent:2.0")).EnsureSuccess();
        (await server.Kubectl("rollout", "status", "ds/agent", "--timeout=60s")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var images = (await server.Kubectl("get", "pods", "-l", "app=agent", "-o", "jsonpath={.items[*].spec.containers[0].image}")).EnsureSuccess().Stdout;
            return images == "agent:2.0 agent:2.0" ? null : images;
        }, TimeSpan.FromSeconds(60));
        var history = (await server.Kubectl("rollout", "history", "ds/agent")).EnsureSuccess().Stdout;
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\s+1\s+<none>\s+2\s+<none>", history);
        (await server.Kubectl("rollout", "undo", "ds/agent")).EnsureSuccess();
        (await server.Kubectl("rollout", "status", "ds/agent", "--timeout=60s")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var images = (await server.Kubectl("get", "pods", "-l", "app=agent", "-o", "jsonpath={.items[*].spec.containers[0].image}")).EnsureSuccess().Stdout;
            return images == "agent:1.0 agent:1.0" ? null : images;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal("3", (await server.Kubectl("get", "controllerrevision", $"agent-{hash}", "-o", "jsonpath={.revision}")).EnsureSuccess().Stdout);
        var events = (await server.Kubectl("get", "events", "--field-selector", "reason=SuccessfulCreate", "-o", "jsonpath={.items[*].message}")).EnsureSuccess().Stdout;
        Assert.Contains("Created pod: agent-", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_selector_limits_the_nodes_and_labelling_a_node_adds_one()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--simulated-nodes", "2"] });
        (await server.Kubectl("label", "node", "node1", "disk=ssd")).EnsureSuccess();
        (await server.Kubectl(["apply", "-f", "-"], Agent("agent", "nodeSelector: {disk: ssd}"))).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var nodes = await PodNodes(server, "app=agent");
            return nodes == "node1" ? null : nodes;
        }, TimeSpan.FromSeconds(30));
        (await server.Kubectl("label", "node", "node2", "disk=ssd")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var nodes = await PodNodes(server, "app=agent");
            return nodes == "node1 node2" ? null : nodes;
        }, TimeSpan.FromSeconds(30));
        (await server.Kubectl("label", "node", "node1", "disk-")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var nodes = await PodNodes(server, "app=agent");
            return nodes == "node2" ? null : nodes;
        }, TimeSpan.FromSeconds(30));
    }
}
