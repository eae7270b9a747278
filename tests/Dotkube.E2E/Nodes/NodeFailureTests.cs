using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Nodes;

/// <summary>
/// A simulated node stopped and started with <c>dotkube node stop|start</c> on a server whose node
/// monitor grace period is 5 s: the node lifecycle controller marks it Unknown and taints it, the
/// taint eviction controller evicts its pods as their tolerations run out, and the Deployment's
/// replacements land elsewhere. Each test has its own server: they power nodes off.
/// </summary>
/// <remarks>
/// Robust under load: the server reports ready before the controllers have looked at the nodes,
/// so even the first "nothing is tainted" is polled (at load 60 it failed when read at once); and
/// a healthy node is only heard from through its Lease, so the grace period is 5 s rather than
/// 3 s, making a starved heartbeat less likely to taint a healthy node (2 s more per test).
/// </remarks>
public class NodeFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] FastNodeMonitor = ["--node-monitor-grace-period", "5s", "--node-monitor-period", "1s"];

    private static async Task<string> Get(DotkubeServer server, params string[] args) =>
        (await server.Kubectl(args)).EnsureSuccess().Stdout;

    [Fact]
    public async Task A_stopped_node_goes_Unknown_its_pods_are_evicted_after_their_toleration_and_it_comes_back_untainted()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = FastNodeMonitor });
        // Simulated nodes register Ready: once the controller has seen them, nothing is left
        // tainted on them (the not-ready taint a new node is created with is gone).
        await Eventually.HoldsAsync(async () =>
        {
            var taints = await Get(server, "get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.spec.taints}{';'}{end}");
            return taints == "node1=;node2=;node3=;" ? null : taints;
        }, Timeout);
        (await server.Kubectl(["apply", "-f", "-"], """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  tolerations:
                  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                  containers: [{name: web, image: nginx}]
            """)).EnsureSuccess();
        (await server.Kubectl("rollout", "status", "deployment/web", "--timeout=30s")).EnsureSuccess();
        var victim = (await Get(server, "get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name} {.items[0].spec.nodeName}")).Split(' ');
        var (pod, node) = (victim[0], victim[1]);

        var stop = (await DotkubeCli.RunAsync(server, "node", "stop", node)).EnsureSuccess();
        Assert.Equal($"node/{node} stopped\n", stop.Stdout);

        await Eventually.HoldsAsync(async () =>
        {
            var state = await Get(server, "get", "node", node, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}/{.status.conditions[?(@.type==\"Ready\")].reason}/{.spec.taints[*].key}:{.spec.taints[*].effect}");
            return state == "Unknown/NodeStatusUnknown/node.kubernetes.io/unreachable node.kubernetes.io/unreachable:NoSchedule NoExecute" ? null : state;
        }, Timeout);
        Assert.Equal("Kubelet stopped posting node status.", await Get(server, "get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].message}"));
        Assert.Equal("Unknown", await Get(server, "get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"MemoryPressure\")].status}"));
        Assert.Contains($"{node}   NotReady", await Get(server, "get", "nodes"), StringComparison.Ordinal);

        // Tolerated for 2 s, then evicted; the pod stays Terminating (its kubelet is gone) while
        // the ReplicaSet's replacement runs on another node.
        await Eventually.HoldsAsync(async () =>
        {
            var state = await Get(server, "get", "pod", pod, "-o",
                "jsonpath={.metadata.deletionTimestamp}|{.status.conditions[?(@.type==\"DisruptionTarget\")].reason}|{.status.conditions[?(@.type==\"Ready\")].status}");
            return state.StartsWith("20", StringComparison.Ordinal) && state.EndsWith("|DeletionByTaintManager|False", StringComparison.Ordinal) ? null : state;
        }, Timeout);
        await Eventually.HoldsAsync(async () =>
        {
            var running = await Get(server, "get", "pods", "-l", "app=web", "-o",
                "jsonpath={range .items[?(@.status.phase==\"Running\")]}{.spec.nodeName}{.metadata.deletionTimestamp}{\"\\n\"}{end}");
            var live = running.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("node", StringComparison.Ordinal) && l.Length == 5).ToList();
            return live.Count == 3 && live.All(n => n != node) ? null : running;
        }, Timeout);
        var events = await Get(server, "get", "events", "--field-selector", $"involvedObject.name={pod}", "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}");
        Assert.Contains($"TaintManagerEviction: Marking for deletion Pod default/{pod}", events, StringComparison.Ordinal);
        Assert.Contains("NodeNotReady: Node is not ready", events, StringComparison.Ordinal);

        Assert.Equal($"node/{node} started\n", (await DotkubeCli.RunAsync(server, "node", "start", node)).EnsureSuccess().Stdout);
        await Eventually.HoldsAsync(async () =>
        {
            var state = await Get(server, "get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}/{.spec.taints}");
            return state == "True/" ? null : state;
        }, Timeout);
        // Back on, its kubelet finishes the deletion the controller started.
        (await server.Kubectl("wait", "--for=delete", $"pod/{pod}", "--timeout=30s")).EnsureSuccess();
    }

    [Fact]
    public async Task A_pod_on_a_lost_node_stays_Terminating_until_the_node_is_tainted_out_of_service()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = [.. FastNodeMonitor, "--simulated-nodes", "2"] });
        (await server.Kubectl(["apply", "-f", "-"], """
            apiVersion: v1
            kind: Pod
            metadata: {name: db-0}
            spec:
              nodeName: node2
              containers: [{name: db, image: postgres}]
              # Instead of the 300 s DefaultTolerationSeconds would add: evicted at once.
              tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 0}]
            """)).EnsureSuccess();
        (await server.Kubectl("wait", "--for=condition=Ready", "pod/db-0", "--timeout=30s")).EnsureSuccess();
        (await DotkubeCli.RunAsync(server, "node", "stop", "node2")).EnsureSuccess();

        // Evicted as soon as the node is tainted, but nobody confirms the deletion.
        await Eventually.HoldsAsync(async () =>
            (await Get(server, "get", "pod", "db-0", "-o", "jsonpath={.metadata.deletionTimestamp}")).Length > 0 ? null : "not being deleted", Timeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Contains("Terminating", await Get(server, "get", "pod", "db-0"), StringComparison.Ordinal);

        (await server.Kubectl("taint", "node", "node2", "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute")).EnsureSuccess();
        (await server.Kubectl("wait", "--for=delete", "pod/db-0", "--timeout=30s")).EnsureSuccess();
    }

    [Fact]
    public async Task A_StatefulSet_pod_on_a_lost_node_returns_elsewhere_with_its_name_and_claim_once_the_node_is_out_of_service()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = [.. FastNodeMonitor, "--simulated-nodes", "2"] });
        // A volume any node can reach (no node affinity): the claim can follow the pod. A local
        // volume would pin the claim, and so the returning pod, to the lost node.
        (await server.Kubectl(["apply", "-f", "-"], """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: shared-0}
            spec:
              capacity: {storage: 1Gi}
              accessModes: [ReadWriteOnce]
              persistentVolumeReclaimPolicy: Retain
              storageClassName: manual
              hostPath: {path: /tmp/dotkube-e2e-shared-0}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 1
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  affinity:
                    nodeAffinity:
                      preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 100
                        preference: {matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node2]}]}
                  tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 0}]
                  containers: [{name: db, image: postgres, volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {storageClassName: manual, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            """)).EnsureSuccess();
        // The controller makes the claim before the pod: wait for the pod to exist, then to be Ready.
        await Eventually.HoldsAsync(async () => (await server.Kubectl("get", "pod", "db-0")).ExitCode == 0 ? null : "no pod yet", Timeout);
        (await server.Kubectl("wait", "--for=condition=Ready", "pod/db-0", "--timeout=60s")).EnsureSuccess();
        var before = await Get(server, "get", "pod", "db-0", "-o", "jsonpath={.metadata.uid} {.spec.nodeName}");
        Assert.EndsWith(" node2", before, StringComparison.Ordinal);
        var claim = await Get(server, "get", "pvc", "data-db-0", "-o", "jsonpath={.metadata.uid} {.spec.volumeName}");
        Assert.EndsWith(" shared-0", claim, StringComparison.Ordinal);

        (await DotkubeCli.RunAsync(server, "node", "stop", "node2")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
            (await Get(server, "get", "pod", "db-0", "-o", "jsonpath={.metadata.deletionTimestamp}")).Length > 0 ? null : "not being deleted", Timeout);
        // Never two db-0: the StatefulSet waits while the old one is Terminating on the lost node.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(before, await Get(server, "get", "pod", "db-0", "-o", "jsonpath={.metadata.uid} {.spec.nodeName}"));

        (await server.Kubectl("taint", "node", "node2", "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var now = (await server.Kubectl("get", "pod", "db-0", "-o", "jsonpath={.metadata.uid} {.spec.nodeName} {.status.conditions[?(@.type==\"Ready\")].status}")).Stdout;
            return now.EndsWith(" node1 True", StringComparison.Ordinal) && !now.StartsWith(before.Split(' ')[0], StringComparison.Ordinal) ? null : now;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal(claim, await Get(server, "get", "pvc", "data-db-0", "-o", "jsonpath={.metadata.uid} {.spec.volumeName}"));
    }

    [Fact]
    public async Task When_every_node_is_lost_they_go_Unknown_but_get_no_NoExecute_taint_and_keep_their_pods()
    {
        // Upstream's full disruption: with every zone down the controller assumes it is the one cut off.
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = [.. FastNodeMonitor, "--simulated-nodes", "2"] });
        (await server.Kubectl(["apply", "-f", "-"], """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node1
              containers: [{name: web, image: nginx}]
              # The nodes go Unknown one by one: the first may be tainted before the second is seen
              # lost, and the taint is lifted a monitor period later, well within the toleration.
              tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 20}]
            """)).EnsureSuccess();
        (await server.Kubectl("wait", "--for=condition=Ready", "pod/web", "--timeout=30s")).EnsureSuccess();
        (await DotkubeCli.RunAsync(server, "node", "stop", "node1", "node2")).EnsureSuccess();

        await Eventually.HoldsAsync(async () =>
        {
            var state = await Get(server, "get", "nodes", "-o", "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}:{.spec.taints[*].effect};{end}");
            return state == "Unknown:NoSchedule;Unknown:NoSchedule;" ? null : state;
        }, Timeout);
        // Two more monitor periods: still no NoExecute taint, and the pod is not evicted.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("Unknown:NoSchedule;Unknown:NoSchedule;",
            await Get(server, "get", "nodes", "-o", "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}:{.spec.taints[*].effect};{end}"));
        Assert.Equal("", await Get(server, "get", "pod", "web", "-o", "jsonpath={.metadata.deletionTimestamp}"));
    }

    [Fact]
    public async Task Node_stop_names_unknown_and_real_nodes_clearly()
    {
        await using var server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--simulated-nodes", "1"] });
        var unknown = await DotkubeCli.RunAsync(server, "node", "stop", "node9");
        Assert.Equal((1, "error: nodes \"node9\" not found\n"), (unknown.ExitCode, unknown.Stderr));

        (await server.Kubectl(["apply", "-f", "-"], """
            apiVersion: v1
            kind: Node
            metadata: {name: metal1}
            """)).EnsureSuccess();
        var real = await DotkubeCli.RunAsync(server, "node", "start", "metal1");
        Assert.Equal(1, real.ExitCode);
        Assert.Contains("node \"metal1\" is not a simulated node", real.Stderr, StringComparison.Ordinal);
    }
}
