using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Storage;

/// <summary>
/// The course's local persistent volumes chapter on a server of its own without a default class
/// (the chapter removes the default first): claims stay Pending until local volumes with node
/// affinity exist, then each pod lands on its volume's node.
/// </summary>
public sealed class LocalVolumesForConsulTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private DotkubeServer? server;

    private DotkubeServer Server => server ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync() =>
        server = await DotkubeServer.StartAsync(new DotkubeServerOptions { ExtraArgs = ["--no-default-storage-class"] });

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pods_with_claims_wait_for_local_volumes_then_run_one_per_node_on_their_volumes_nodes()
    {
        var ns = "consul";
        (await Server.Kubectl("create", "namespace", ns)).EnsureSuccess();
        var yaml = string.Concat(Enumerable.Range(0, 3).Select(i =>
            PersistentVolumeTests.Claim($"data-consul-{i}", null, "1Gi") + PersistentVolumeTests.PodUsing($"consul-{i}", $"data-consul-{i}", antiAffinityLabel: "consul")));
        (await Server.Kubectl(["-n", ns, "apply", "-f", "-"], yaml)).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var messages = await JsonPath(ns, "pods", "{range .items[*]}{.status.conditions[?(@.type==\"PodScheduled\")].message}{\"\\n\"}{end}");
            return messages.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(m => m.StartsWith("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.", StringComparison.Ordinal)) == 3
                ? null : "not every pod is pending on its claim: " + messages;
        }, Wait);
        Assert.Equal("Pending Pending Pending", await JsonPath(ns, "pvc", "{.items[*].status.phase}"));

        (await Server.Kubectl(["apply", "-f", "-"], string.Concat(Enumerable.Range(1, 3).Select(n =>
            PersistentVolumeTests.Volume($"consul-node{n}", "", "10Gi", "ReadWriteOnce", "Delete", node: $"node{n}"))))).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var phases = await JsonPath(ns, "pods", "{.items[*].status.phase}");
            return phases == "Running Running Running" ? null : "pods are " + phases;
        }, Wait);

        var placements = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            var node = await JsonPath(ns, $"pod/consul-{i}", "{.spec.nodeName}");
            var volume = await JsonPath(ns, $"pvc/data-consul-{i}", "{.spec.volumeName}");
            Assert.Equal("consul-" + node, volume);
            placements.Add(node);
        }

        Assert.Equal(3, placements.Count);
        Assert.Equal("Bound Bound Bound", await JsonPath("", "pv", "{.items[*].status.phase}"));
    }

    [Fact]
    public async Task A_stateful_set_with_claim_templates_comes_up_one_pod_per_node_once_local_volumes_exist()
    {
        var ns = "consul-sts";
        (await Server.Kubectl("create", "namespace", ns)).EnsureSuccess();
        (await Server.Kubectl(["-n", ns, "apply", "-f", "-"], """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: consul}
            spec:
              serviceName: consul
              replicas: 3
              selector: {matchLabels: {app: consul}}
              volumeClaimTemplates:
              - metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
              template:
                metadata: {labels: {app: consul}}
                spec:
                  affinity:
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchLabels: {app: consul}}
                        topologyKey: kubernetes.io/hostname
                  containers:
                  - name: consul
                    image: consul:1.8
                    volumeMounts: [{name: data, mountPath: /consul/data}]
            """)).EnsureSuccess();
        // The controller creates the claim and then the pod, asynchronously: until consul-0 exists
        // `kubectl get pod/consul-0` fails with NotFound, which is only "not yet".
        await Eventually.HoldsAsync(async () =>
        {
            var got = await Server.Kubectl("-n", ns, "get", "pod/consul-0", "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}");
            return got.Succeeded && got.Stdout == "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.."
                ? null : "consul-0 is not pending on its claim: " + got.Stdout + got.Stderr;
        }, Wait);
        Assert.Equal("Pending", await JsonPath(ns, "pvc/data-consul-0", "{.status.phase}"));
        // OrderedReady: consul-1 waits for consul-0 to be Running and Ready.
        Assert.Equal("consul-0", await JsonPath(ns, "pods", "{.items[*].metadata.name}"));

        (await Server.Kubectl(["apply", "-f", "-"], string.Concat(Enumerable.Range(1, 3).Select(n =>
            PersistentVolumeTests.Volume($"sts-node{n}", "", "10Gi", "ReadWriteOnce", "Delete", node: $"node{n}"))))).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
            await JsonPath(ns, "statefulset/consul", "{.status.readyReplicas}") == "3" ? null : "not 3 ready yet", Wait);
        var nodes = await JsonPath(ns, "pods", "{.items[*].spec.nodeName}");
        Assert.Equal(3, nodes.Split(' ').Distinct().Count());
        for (var i = 0; i < 3; i++)
        {
            var node = await JsonPath(ns, $"pod/consul-{i}", "{.spec.nodeName}");
            Assert.Equal("sts-" + node, await JsonPath(ns, $"pvc/data-consul-{i}", "{.spec.volumeName}"));
        }
    }

    private async Task<string> JsonPath(string ns, string target, string path) =>
        (await Server.Kubectl(ns.Length == 0 ? ["get", target, "-o", $"jsonpath={path}"] : ["-n", ns, "get", target, "-o", $"jsonpath={path}"])).EnsureSuccess().Stdout;
}
